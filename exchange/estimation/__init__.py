"""How many detainees no member has found: multiple systems estimation from the lists' overlap."""

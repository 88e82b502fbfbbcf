"""The home page: what each role has to do, as counts linking to the lists behind them."""

"""The domain core: the concepts every feature package shares, each with one home.

Importing, reconciliation, reports, classification and registry import these modules
and never each other in a circle (tests/test_import_cycles.py):
- `months`: the list month (`YYYY-MM`), its parsing and its lifecycle
  (`data/month_transitions.csv`);
- `records`: the live records (source records of committed batches) and the persons
  of the registry, as reusable selects.
"""

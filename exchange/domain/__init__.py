"""The domain core: the concepts every feature package shares, each with one home.

Importing, reconciliation, reports, classification and registry import these modules
and never each other in a circle (tests/exchange/test_import_cycles.py). The core
imports only `exchange.models`.
- `months`: the list month (`YYYY-MM`), its parsing, its lifecycle
  (`data/month_transitions.csv`, checked by `next_status`);
- `records`: the live records (source records of committed batches) and the persons
  of the registry, as reusable selects;
- `fields`, `statuses`: field groups derived from the models, release-status groups
  (`data/release_statuses.csv`);
- `merge`, `person_facts`, `unlink`: a person's facts merged from their records, written
  to the registry, recomputed when a batch's records leave it;
- `charges`: the canonical charges column (`205.5 ч.2; 278`), parsed and formatted;
- `note_statuses`: release, exchange or death written in a note
  (`data/note_statuses.csv`, with negations).
"""

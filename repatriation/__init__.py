"""Repatriation: each person's road from detention to home and rehabilitation.

Public surface for other packages (see ARCHITECTURE.md):
- `repatriation.events.record_event(session, person, stage, *, occurred_on, source_kind,
  source_ref=None, source_label=None, evidence=None, actor)` records one status event
  through the state machine and commits; `add_event(...)` does the same inside the
  caller's transaction and `acting_as`; both raise `repatriation.machine.TransitionRefused`
  (names both stages) or `repatriation.events.EventRefused`.
- `repatriation.events.current_stage(person)`; `repatriation.machine.check_transition`.
- `repatriation.list_events.events_from_month(session, month)`: called by the monthly
  reconciliation.
"""

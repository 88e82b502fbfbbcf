"""The joint list and the changes report as one user may see them, on pages and in files.

The reports are computed once for everyone; before a page or a download shows them, the
members' record ids, notes and restricted facts are taken out here with the rules of
`exchange.auth.access` (the only place that decides who sees what).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from exchange.auth.access import (
    may_see_field,
    may_see_records_of,
    visible_refs,
)
from exchange.models import Role, User
from exchange.reports.changes import ChangesReport, FactChange, NewConflict
from exchange.reports.joint_list import JointRow


def joint_rows_for(user: User, rows: Iterable[JointRow]) -> list[JointRow]:
    """Return the joint list's rows with the ids and notes this user may not see taken out."""
    notes = may_see_field(user, "notes")
    return [replace(r, sources=visible_refs(user, r.sources) or "",
                    noted=r.noted if notes else "") for r in rows]


def changes_for(user: User, report: ChangesReport) -> ChangesReport:
    """Return the changes report with the ids, notes and facts this user may not see out."""
    notes = may_see_field(user, "notes")
    refs = lambda text: visible_refs(user, text) or ""  # noqa: E731
    return replace(
        report,
        new=[replace(r, sources=refs(r.sources)) for r in report.new],
        no_longer_listed=[replace(r, last_sources=refs(r.last_sources))
                          for r in report.no_longer_listed],
        pending=[replace(r, sources=refs(r.sources), pending_records=refs(r.pending_records))
                 for r in report.pending],
        status_changes=[replace(r, sources=refs(r.sources), notes=r.notes if notes else "")
                        for r in report.status_changes],
        changed=[_fact(user, r) for r in report.changed if may_see_field(user, r.field)],
        conflicts=[_conflict(user, r) for r in report.conflicts if may_see_field(user, r.field)],
        noted=[replace(r, notes=r.notes if notes else "") for r in report.noted],
    )


def _peer(user: User) -> bool:
    return user.role is Role.MEMBER_EDITOR


def _orgs(refs: str) -> set[str]:
    return {part.strip().split(":", 1)[0] for part in re.split(r"[;,]", refs) if part.strip()}


def _fact(user: User, change: FactChange) -> FactChange:
    """Another member's values are not for a member editor: only that they changed."""
    orgs = _orgs(change.sources)
    if _peer(user) and not all(may_see_records_of(user, org) for org in orgs):
        change = replace(change, before=None, after=None)
    return replace(change, sources=visible_refs(user, change.sources) or "")


def _conflict(user: User, conflict: NewConflict) -> NewConflict:
    """Each value with who gives it: ids out; for a member editor, other members' values."""
    values = []
    for value, refs in conflict.values:
        orgs = {r.split(":", 1)[0] for r in refs}
        shown = tuple(r for r in (visible_refs(user, "; ".join(refs)) or "").split("; ") if r)
        if _peer(user) and not any(may_see_records_of(user, org) for org in orgs):
            values.append((None, shown))  # another member's value: withheld from a peer
        else:
            values.append((value, shown))
    return replace(conflict, values=tuple(values))

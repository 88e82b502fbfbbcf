"""A release, exchange or death that only a note reports: found, flagged, never decided."""

from __future__ import annotations

from exchange.domain.merge import Observation
from exchange.reports.joint_list import COLUMNS, joint_list_rows
from exchange.reports.notes import notes_reporting_release
from tests.reports.conftest import M2


def _o(org: str, rid: str, **values: str) -> Observation:
    return Observation(org=org, record_id=rid, month=M2, values=values)


def test_the_gravest_noted_status_with_every_note() -> None:
    found = notes_reporting_release(
        [
            _o("ZMINA", "5", notes="звільнений 07.02.2025"),
            _o("CHRG", "CHRG-1", notes="умер в заключении 27.02.2025"),
            _o("CCL", "C-1", release_status="deceased", notes="died in custody"),  # no news
            _o("MIHR", "M-1", notes="health deteriorating"),
        ]
    )
    assert found == (
        "deceased",
        "CHRG:CHRG-1: умер в заключении 27.02.2025; ZMINA:5: звільнений 07.02.2025",
    )


def test_joint_list_flags_but_keeps_a_person_released_in_a_note(session, registry, person) -> None:
    noted = person("Noted")
    registry.record(noted, "MIHR", M2, "M-7", notes="exchanged 2025-02-03")
    registry.record(person("Quiet"), "MIHR", M2, "M-8", notes="health deteriorating")
    rows = {r.surname: r for r in joint_list_rows(session, M2)}
    assert (rows["Noted"].noted_status, rows["Noted"].noted) == (
        "exchanged",
        "MIHR:M-7: exchanged 2025-02-03",
    )
    noted = len(COLUMNS) - 1
    assert rows["Noted"].cells("en")[noted] == "Exchanged: MIHR:M-7: exchanged 2025-02-03"
    assert rows["Noted"].cells("uk")[noted] == "Обміняно: MIHR:M-7: exchanged 2025-02-03"
    assert rows["Quiet"].noted_status is None

"""Every download: no formula runs when it is opened, never cached, a safe name, audited."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from sqlalchemy import select

from exchange.audit import Actor, acting_as
from exchange.downloads import safe_file_name
from exchange.models import AuditEntry, Person, Role
from exchange.rounds import operations
from tests.reports.conftest import M1, M2, Registry

HOSTILE = ['=HYPERLINK("http://evil.example","x")', " @SUM(1)", "\ufeff+1+1", "-2+3"]


@pytest.fixture
def world(session, org):
    """Two months of lists naming persons whose names and notes look like formulas."""
    registry = Registry(session, org)
    with acting_as(session, Actor(label="test")):
        persons = [Person(surname=value, given_name=value, patronymic=value,
                          release_status="detained", person_status="civilian",
                          legal_status="accused", citizenship="UA", health_concern="yes")
                   for value in HOSTILE]
        session.add_all(persons)
        session.commit()
    for n, person in enumerate(persons):
        registry.record(person, "ZMINA", M1, f"=Z{n}")
        registry.record(person, "ZMINA", M2, f"=Z{n}", notes="=1+1 звільнений")
        registry.record(person, "CHRG", M2, f"@C{n}")
    found = operations.create_round(session, name='=cmd|"/C calc"!A0', round_type="amnesty",
                                    categories=["non_violent_amnesty"], actor=Actor("test"))
    return found


def _urls(world) -> list[tuple[str, str]]:
    return [
        (f"/reports/joint-list.xlsx?month={M2}", "joint_list"),
        (f"/reports/changes.xlsx?from={M1}&to={M2}", "changes"),
        ("/rounds/rosters/non_violent_amnesty.xlsx", "roster:non_violent_amnesty"),
        (f"/rounds/{world.id}.xlsx", f"round:{world.id}"),
        ("/repatriation/dashboard.xlsx", "dashboard"),
        (f"/estimate/estimate.xlsx?month={M2}", "estimate"),
    ]


def _formulas(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [f"{ws.title}!{c.coordinate}={c.value!r}" for ws in book.worksheets
            for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_every_download(session, login, create_user, world):
    user = create_user(Role.COORDINATOR)
    client = login(user)
    for url, what in _urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
        disposition = response.headers["Content-Disposition"]
        assert re.fullmatch(r'attachment; filename=[A-Za-z0-9._-]+\.xlsx', disposition), url
        assert _formulas(response.data) == [], url
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")
                                .order_by(AuditEntry.id.desc())).first()
        assert (entry.user_id, entry.object_id) == (user.id, what), url
        assert "filters" in entry.changes
        assert "rows" in entry.changes


def test_the_joint_list_counts_its_rows_in_the_audit(session, login, create_user, world):
    client = login(create_user(Role.VIEWER))
    client.get(f"/reports/joint-list.xlsx?month={M2}&member=ZMINA")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.changes["rows"] == [None, len(HOSTILE)]
    assert entry.changes["filters"] == [None, {"month": M2, "member": "ZMINA"}]


def test_hostile_text_is_kept_as_text(login, create_user, world):
    client = login(create_user(Role.COORDINATOR))
    data = client.get(f"/reports/joint-list.xlsx?month={M2}").data
    cells = {c.value for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows()
             for c in row}
    assert set(HOSTILE) <= cells  # the names, exactly, as text


@pytest.mark.parametrize(("name", "safe"), [
    ("joint-list-2025-02.xlsx", "joint-list-2025-02.xlsx"),
    ('round-"; evil=1.xlsx', "round--evil-1.xlsx"),
    ("../../etc/passwd", "etc-passwd"),
    ("список.xlsx", "xlsx"),
    ("", "export.xlsx"),
])
def test_safe_file_names(name, safe):
    assert safe_file_name(name) == safe


def test_command_line_exports_are_audited(session, runner, world, tmp_path):
    out = tmp_path / "joint.xlsx"
    result = runner.invoke(args=["export", "joint-list", "--month", M2, "--out", str(out)])
    assert result.exit_code == 0, result.output
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.actor.startswith("cli:")
    assert entry.changes == {"filters": [None, {"month": M2}], "rows": [None, len(HOSTILE)]}
    assert _formulas(out.read_bytes()) == []


@pytest.mark.parametrize(("role", "sensitive"), [
    (Role.COORDINATOR, True), (Role.NEGOTIATOR, True), (Role.VIEWER, False),
    (Role.MEMBER_EDITOR, False)])
def test_roster_columns_follow_the_role(login, create_user, world, role, sensitive):
    user = create_user(role, org_code="ZMINA" if role is Role.MEMBER_EDITOR else None)
    data = login(user).get("/rounds/rosters/non_violent_amnesty.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    headers = {str(c) for ws in book.worksheets[1:] for row in ws.iter_rows(max_row=1,
                                                                              values_only=True)
               for c in row}
    book.close()
    assert any("Health concern" in h for h in headers) is sensitive
    assert any("Charges" in h for h in headers) is sensitive

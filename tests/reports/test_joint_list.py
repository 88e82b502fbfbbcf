"""The joint list: who is on it, their sources and conflicts, the XLSX file and the CLI."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from exchange.models import Exclusion
from exchange.reports.joint_list import (
    CODE_COLUMNS,
    COLUMNS,
    joint_list_rows,
    write_joint_list,
)
from tests.reports.conftest import M1, M2


@pytest.fixture
def month(registry, person, session):
    """A registry of two months with one person for each way in or out of the list."""
    held = person("Held")
    registry.record(held, "ZMINA", M2, "17", date_of_birth="1980-01-01", release_status="detained")
    registry.record(held, "CHRG", M2, "CHRG-0012", date_of_birth="1981-05-05")
    registry.record(held, "CHRG", M1, "CHRG-0012", date_of_birth="1981-05-05")
    missing = person("Missing")
    registry.record(missing, "MIHR", M2, "M-1", release_status="missing")
    released = person("Released")
    registry.record(released, "MIHR", M2, "M-2", release_status="released")
    registry.record(released, "CCL", M2, "C-2", release_status="detained")
    registry.record(person("OnlyEarlier"), "ZMINA", M1, "3")
    registry.record(person("Excluded", exclusion=Exclusion.WAR_CRIMES), "PRPP", M2, "5")
    overridden = person("Overridden")
    registry.record(overridden, "PRPP", M2, "6")
    result = registry.classification(overridden)
    result.override_eligibility = "excluded:collaboration"
    registry.save()
    withdrawn = person("Withdrawn")
    registry.record(withdrawn, "UHHRU", M2, "U-1")
    registry.roll_back("UHHRU", M2)
    gone = person("MergedAway")
    gone.merged_into_id = held.id
    registry.save()
    registry.record(gone, "ARPPK", M2, "A-9")
    stored = person(
        "Stored",
        field_provenance={
            "residence_region": {
                "value": "UA-43",
                "rule": "majority",
                "sources": [],
                "conflict": True,
            },
            "date_of_birth": {
                "value": "1990",
                "rule": "majority",
                "sources": [],
                "conflict": False,
            },
        },
    )
    registry.record(stored, "CRIMEASOS", M2, "S-1", residence_region="UA-43")
    return {p.surname: p for p in (held, missing, released, stored)}


def test_rows_are_the_held_and_not_excluded_persons_listed_that_month(session, month) -> None:
    rows = joint_list_rows(session, M2)
    assert [r.surname for r in rows] == ["Held", "Missing", "Stored"]
    held = rows[0]
    assert held.person_id == month["Held"].id
    assert held.members == ("CHRG", "ZMINA")
    assert held.sources == "CHRG:CHRG-0012; ZMINA:17"
    assert held.status == "detained"
    assert rows[1].status == "missing"


def test_conflicts_are_computed_or_read_from_provenance(session, month) -> None:
    rows = {r.surname: r for r in joint_list_rows(session, M2)}
    assert rows["Held"].conflicts == ("date_of_birth",)  # no stored provenance: merged now
    assert rows["Stored"].conflicts == ("residence_region",)
    assert rows["Missing"].conflicts == ()


def test_category_and_effective_eligibility_are_shown(session, month, registry) -> None:
    result = registry.classification(month["Missing"])
    result.override_category = "civilians"
    registry.save()
    rows = {r.surname: r for r in joint_list_rows(session, M2)}
    assert rows["Missing"].category == "civilians"
    assert rows["Held"].eligibility == registry.classification(month["Held"]).eligibility


def test_earlier_month_has_its_own_list(session, month) -> None:
    assert [r.surname for r in joint_list_rows(session, M1)] == ["Held", "OnlyEarlier"]


@pytest.mark.parametrize(
    ("language", "surname", "sources", "status"),
    [("uk", "Прізвище", "Джерела", "Утримується"), ("en", "Surname", "Sources", "Held")],
)
def test_xlsx_has_labels_in_its_language_codes_for_programs_and_safe_cells(
    session, month, person, registry, tmp_path, language, surname, sources, status
) -> None:
    registry.record(person('=HYPERLINK("http://x")'), "CCL", M2, "+1")
    out = tmp_path / "joint.xlsx"
    rows = joint_list_rows(session, M2)
    assert write_joint_list(rows, out, M2, language=language) == 4
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[1] == surname
    assert header[-len(CODE_COLUMNS):] == list(CODE_COLUMNS)  # the stored codes, for programs
    assert len(header) == len(COLUMNS) + len(CODE_COLUMNS)
    hidden = [ws.column_dimensions[get_column_letter(i)].hidden for i in range(1, len(header) + 1)]
    assert hidden == [False] * len(COLUMNS) + [True] * len(CODE_COLUMNS)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:R5"
    state = "Чернетка: не опубліковано" if language == "uk" else "Draft: not published"
    assert ws.oddHeader.left.text.endswith(f"{M2} · {state}")
    column = {name: i + 1 for i, name in enumerate(header)}
    values = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=column[sources]).value
              for r in range(2, 6)}
    assert values["Held"] == "CHRG:CHRG-0012; ZMINA:17"
    held = next(r for r in range(2, 6) if ws.cell(row=r, column=2).value == "Held")
    assert ws.cell(row=held, column=column[header[6]]).value == status
    assert ws.cell(row=held, column=column["release_status"]).value == "detained"
    injected = ws.cell(row=2, column=2)
    assert injected.value == '=HYPERLINK("http://x")'
    assert injected.data_type == "s"  # text, never a formula
    assert ws.cell(row=2, column=column[sources]).data_type == "s"


def _run(runner, *args: object):
    return runner.invoke(args=[str(a) for a in args])


def test_cli_writes_the_joint_list(runner, month, tmp_path) -> None:
    out = tmp_path / "joint.xlsx"
    result = _run(runner, "export", "joint-list", "--month", M2, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"wrote 3 persons to {out}" in result.output
    rows = list(openpyxl.load_workbook(out, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 4


@pytest.mark.parametrize(
    ("month_arg", "out_name", "message"),
    [
        ("2025-13", "j.xlsx", "not a month (YYYY-MM): '2025-13'"),
        ("Jan 2025", "j.xlsx", "not a month"),
        ("2024-12", "j.xlsx", "no committed member list for 2024-12"),
        (M2, "no/such/folder/j.xlsx", "cannot write"),
        (M2, "", "is a directory"),
    ],
)
def test_cli_refuses_bad_month_or_output(
    runner, month, tmp_path, month_arg, out_name, message
) -> None:
    out = tmp_path / out_name
    result = _run(runner, "export", "joint-list", "--month", month_arg, "--out", out)
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "j.xlsx").exists()


def _obs(org: str, month: str, **values: str):
    from exchange.domain.merge import Observation

    return Observation(org=org, record_id=f"{org}-{month}", month=month, values=values)


@pytest.mark.parametrize(
    "observations",
    [
        [_obs("A", M1, date_of_birth="1980"), _obs("B", M2, date_of_birth="1980-01-02")],
        [_obs("A", M1, date_of_birth="1980-01-01"), _obs("B", M2, date_of_birth="1981-01-01")],
        [_obs("A", M2, release_status="detained"), _obs("B", M2, release_status="released")],
        [_obs("A", M1, legal_status="accused"), _obs("A", M2, legal_status="convicted")],
        [_obs("A", M2, residence_region="UA-43"), _obs("B", M2, residence_region="UA-40")],
        [_obs("A", M2)],
    ],
)
def test_conflicts_merged_on_the_fly_agree_with_merge_facts(observations) -> None:
    from exchange.domain.merge import conflicts, merge_facts
    from exchange.reports.joint_list import computed_conflicts

    assert computed_conflicts(observations) == conflicts(merge_facts(observations))


def test_cli_warns_about_records_not_linked_yet(runner, month, registry, tmp_path) -> None:
    registry.record(None, "MIHR", M2, "M-99")
    out = tmp_path / "joint.xlsx"
    result = _run(runner, "export", "joint-list", "--month", M2, "--out", out)
    assert result.exit_code == 0, result.output
    assert "warning: 1 record(s) of 2025-02 are not linked to a person yet" in result.stderr
    assert "flask reconcile --month 2025-02" in result.stderr


def test_a_published_month_keeps_its_frozen_list(session, month, registry, person) -> None:
    from dataclasses import asdict

    from exchange.models import ListMonth, MonthStatus
    from exchange.reports.joint_list import current_joint_list_rows

    frozen = [asdict(r) for r in joint_list_rows(session, M2)]
    frozen[0]["retired_field"] = "kept by an older version"  # ignored when read back
    session.add(ListMonth(month=M2, status=MonthStatus.PUBLISHED, snapshot=frozen))
    registry.save()
    registry.record(person("Later"), "ZMINA", M2, "99")
    session.expire_all()
    assert [r.surname for r in joint_list_rows(session, M2)] == ["Held", "Missing", "Stored"]
    assert joint_list_rows(session, M2)[0].members == ("CHRG", "ZMINA")
    assert "Later" in [r.surname for r in current_joint_list_rows(session, M2)]


def test_narrow_by_member_category_or_what_to_check(session, month, registry, person) -> None:
    from exchange.reports.joint_list import narrow

    registry.record(person("Noted"), "MIHR", M2, "M-7", notes="exchanged 2025-02-03")
    rows = joint_list_rows(session, M2)
    assert [r.surname for r in narrow(rows, member="CHRG")] == ["Held"]
    assert [r.surname for r in narrow(rows, check="conflicts")] == ["Held", "Stored"]
    assert [r.surname for r in narrow(rows, check="notes")] == ["Noted"]
    category = rows[0].category
    assert narrow(rows, category=category) == [r for r in rows if r.category == category]
    assert narrow(rows) == rows


def test_a_latin_name_sorts_by_its_derived_cyrillic_form_as_in_the_registry(
    session, registry, person
) -> None:
    for surname, ref in (("Зайченко", "1"), ("Zhuk", "2"), ("Жовтий", "3"), ("Abramov", "4")):
        registry.record(person(surname), "ZMINA", M2, ref, release_status="detained")
    # Zhuk is read Жук (between Жовтий and Зайченко), Abramov Абрамов (first), not after
    # every Cyrillic name
    assert [r.surname for r in joint_list_rows(session, M2)] == [
        "Abramov", "Жовтий", "Zhuk", "Зайченко"]

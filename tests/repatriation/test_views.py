"""The pages: every number links to its list, the XLSX has the page's figures, roles hold."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from exchange.models import ChecklistStatus, RehabilitationItem, RepatriationFlag, Role, Stage
from repatriation.events import current_stage, live_events

UK = {"Accept-Language": "uk"}
CELL = re.compile(r'<td data-column="[^"]+">'
                  r'(?:<a href="(?P<href>[^"]+)">(?P<value>[^<]+)</a>|—)</td>')


def page_figures(html: str) -> dict[str, dict[str, list[str]]]:
    """Read every figure table of the dashboard page: figure -> line -> [(value, link)]."""
    figures = {}
    for table in re.finditer(r'data-figure="(\w+)">(.*?)</table>', html, re.S):
        lines = {}
        for row in re.finditer(r'<tr data-line="([^"]+)">(.*?)</tr>', table.group(2), re.S):
            lines[row.group(1)] = [(m["value"], m["href"]) for m in CELL.finditer(row.group(2))]
        figures[table.group(1)] = lines
    return figures


@pytest.fixture
def signed_in(login, create_user):
    def as_role(role: Role = Role.COORDINATOR, org_code: str | None = None):
        return login(create_user(role, org_code))

    return as_role


def test_every_number_of_the_page_opens_a_list_of_that_many(known, signed_in):
    client = signed_in(Role.VIEWER)
    html = client.get("/repatriation/", headers=UK).get_data(as_text=True)
    assert "Де перебувають усі" in html
    assert "<script" not in html
    figures = page_figures(html)
    assert len(figures) == 10
    assert figures["overview"]["held"][0][0] == "3"
    opened = 0
    for lines in figures.values():
        for cells in lines.values():
            for value, href in cells:
                assert href, "a number without its list"
                if "/repatriation/persons" in href and value.isdigit():
                    listed = client.get(unescape(href)).get_data(as_text=True)
                    assert listed.count('href="/repatriation/persons/') == int(value), href
                    opened += 1
    assert opened > 80


def test_the_charts_are_svg_drawn_on_the_server_with_links(known, signed_in):
    html = signed_in(Role.VIEWER).get("/repatriation/").get_data(as_text=True)
    charts = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(charts) == 10
    assert all('<a href="/repatriation/' in svg for svg in charts)


def test_the_xlsx_of_the_page_has_the_same_figures(known, signed_in):
    client = signed_in(Role.NEGOTIATOR)
    page = page_figures(client.get("/repatriation/", headers=UK).get_data(as_text=True))
    response = client.get("/repatriation/dashboard.xlsx", headers=UK)
    wb = load_workbook(io.BytesIO(response.data))
    assert wb.sheetnames[0] == "Огляд"
    assert len(wb.sheetnames) == 11
    per_month = wb["Нові затримання та звільнення з"]
    assert [c.value for c in per_month[1]] == [
        "Нові затримання та звільнення за місяцями", "Затримано", "Звільнено або обміняно"]
    sheets = wb.worksheets[1:]
    for sheet, (key, lines) in zip(sheets, page.items(), strict=True):
        values = [[c for c in row[1:]] for row in sheet.iter_rows(min_row=2, values_only=True)]
        expected = [[None if v is None else float(v) if "." in v else int(v)
                     for v, _ in cells] for cells in lines.values()]
        assert values == expected, key


def test_the_export_command_writes_the_dashboard(known, runner, tmp_path):
    out = tmp_path / "dashboard.xlsx"
    result = runner.invoke(args=["export", "dashboard", "--out", str(out), "--as-of",
                                 "2025-06-30", "--lang", "uk"])
    assert result.exit_code == 0, result.output
    assert "persons=6\n" in result.output
    assert "held=3\n" in result.output
    assert "median_years_held=1.0" in result.output
    wb = load_workbook(out)
    summary = {row[0]: row[1] for row in wb["Огляд"].iter_rows(min_row=2, values_only=True)}
    assert summary["Дані станом на"] == "2025-06-30"
    assert summary["Осіб у реєстрі"] == 6
    stages = {row[0]: row[1] for row in wb["Особи за етапом"].iter_rows(min_row=2,
                                                                      values_only=True)}
    assert stages["У спільному списку"] == 2
    assert stages["Повернуто в Україну"] == 1
    regions = [row[0] for row in wb["Особи за регіоном"].iter_rows(min_row=2, values_only=True)]
    assert regions == ["Автономна Республіка Крим", "Донецька область", "Невідомо"]
    assert "UA-43" not in str(list(wb["Особи за регіоном"].values))


@pytest.mark.parametrize("bad", [["--as-of", "yesterday"], ["--out", "/no/such/dir/x.xlsx"]])
def test_the_export_command_says_what_is_wrong(runner, tmp_path, bad):
    args = ["export", "dashboard", "--out", str(tmp_path / "d.xlsx"), *bad]
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_the_timeline_shows_the_whole_road(known, signed_in):
    html = signed_in(Role.VIEWER).get(f"/repatriation/persons/{known['D'].id}",
                                      headers=UK).get_data(as_text=True)
    for text in ("Затримано", "У спільному списку", "Обміняно", "Повернуто в Україну",
                 "Реабілітація", "Медичне обстеження", "2025-03-05"):
        assert text in html, text
    assert "Record a step" not in html
    assert 'name="event-stage"' not in html


def test_a_coordinator_records_a_step_and_a_refused_one_names_both_stages(known, signed_in,
                                                                           session):
    client = signed_in()
    d = known["D"]
    url = f"/repatriation/persons/{d.id}/events"
    refused = client.post(url, data={"event-stage": "listed", "event-evidence": "x"},
                          headers=UK, follow_redirects=True).get_data(as_text=True)
    assert current_stage(d) is Stage.REPATRIATED
    assert "Оберіть етап" in refused or "Choose a stage" in refused  # not an allowed choice
    client.post(url, data={"event-stage": "rehabilitation", "event-occurred_on": "2025-04",
                           "event-evidence": "started at the rehabilitation centre"})
    session.expire_all()
    assert current_stage(d) is Stage.REHABILITATION
    assert live_events(d)[-1].occurred_on == "2025-04"


def test_a_refused_step_is_explained_in_ukrainian(known, signed_in, session):
    client = signed_in()
    e = known["E"]  # reported, then deceased: corrected back to reported first
    client.post(f"/repatriation/events/{live_events(e)[-1].id}/correct",
                data={"fix-stage": "reported", "fix-evidence": "a namesake died"})
    page = client.post(f"/repatriation/persons/{e.id}/events",
                       data={"event-stage": "verified", "event-evidence": "checked"},
                       headers=UK, follow_redirects=True).get_data(as_text=True)
    session.expire_all()
    assert current_stage(e) is Stage.REPORTED
    assert "flash-error" in page
    assert "записаного критерію ПАРЄ" in page


def test_the_machines_refusal_names_both_stages_in_the_readers_language(app):
    from repatriation.machine import TransitionRefused

    with app.test_request_context(headers=UK):
        text = str(TransitionRefused(Stage.EXCHANGED, Stage.LISTED))
    assert "«Обміняно»" in text or "“Обміняно”" in text
    assert "У спільному списку" in text


def test_a_coordinator_corrects_the_latest_event(known, signed_in, session):
    client = signed_in()
    e = known["E"]
    wrong = live_events(e)[-1]
    client.post(f"/repatriation/events/{wrong.id}/correct",
                data={"fix-stage": "reported", "fix-evidence": "a namesake died, not him"})
    session.expire_all()
    assert current_stage(e) is Stage.REPORTED
    assert wrong.voided_by_id is not None


def test_a_coordinator_fills_the_checklist(known, signed_in, session):
    client = signed_in()
    d = known["D"]
    client.post(f"/repatriation/persons/{d.id}/checklist/compensation_lost_income",
                data={"compensation_lost_income-status": "in_progress",
                      "compensation_lost_income-status_on": "2025-05-02",
                      "compensation_lost_income-amount": "48000",
                      "compensation_lost_income-currency": "uah"})
    item = session.scalar(select(RehabilitationItem).where(RehabilitationItem.person_id == d.id))
    assert (item.item, item.status, str(item.amount), item.currency) == (
        "compensation_lost_income", ChecklistStatus.IN_PROGRESS, "48000.00", "UAH")
    page = client.get("/repatriation/rehabilitation").get_data(as_text=True)
    assert d.surname in page


def test_a_coordinator_resolves_a_flag(known, signed_in, session):
    client = signed_in()
    flag = session.scalars(select(RepatriationFlag)).one()
    assert known["C"].surname in client.get("/repatriation/flags").get_data(as_text=True)
    client.post(f"/repatriation/flags/{flag.id}/resolve", data={"resolution": "MIHR was late"})
    session.expire_all()
    assert flag.resolution == "MIHR was late"
    assert flag.resolved_by.endswith("@example.org")
    assert known["C"].surname not in client.get("/repatriation/flags").get_data(as_text=True)


@pytest.mark.parametrize(("role", "status"), [(Role.VIEWER, 403), (Role.NEGOTIATOR, 403),
                                              (Role.MEMBER_EDITOR, 403)])
def test_only_coordinators_write(known, signed_in, session, role, status):
    client = signed_in(role, "CHRG" if role is Role.MEMBER_EDITOR else None)
    a = known["A"]
    posted = client.post(f"/repatriation/persons/{a.id}/events",
                         data={"event-stage": "in_exchange", "event-evidence": "x"})
    assert posted.status_code == status
    assert current_stage(a) is Stage.LISTED


def test_a_member_editor_sees_only_the_persons_their_organisation_listed(known, signed_in):
    client = signed_in(Role.MEMBER_EDITOR, "CHRG")
    assert client.get(f"/repatriation/persons/{known['A'].id}").status_code == 200
    assert client.get(f"/repatriation/persons/{known['D'].id}").status_code == 404
    listed = client.get("/repatriation/persons").get_data(as_text=True)
    assert known["A"].surname in listed
    assert known["D"].surname not in listed
    assert known["C"].surname not in client.get("/repatriation/flags").get_data(as_text=True)


def test_the_registry_person_page_shows_the_road_home(known, signed_in):
    html = signed_in(Role.VIEWER).get(f"/persons/{known['D'].id}", headers=UK).get_data(
        as_text=True)
    assert "Повернуто в Україну" in html
    assert "Медичне обстеження" in html
    assert f"/repatriation/persons/{known['D'].id}" in html


def test_the_dashboard_of_an_empty_registry(signed_in):
    html = signed_in(Role.VIEWER).get("/repatriation/").get_data(as_text=True)
    assert page_figures(html)["overview"]["all"] == [("0", "/repatriation/persons")]
    assert dt.date.today().isoformat() in html


def test_a_release_status_edit_the_road_does_not_allow_is_explained(known, signed_in,
                                                                     session):
    d = known["D"]  # back in Ukraine: "released" is no move from there
    page = signed_in().post(f"/persons/{d.id}/edit", headers=UK, follow_redirects=True, data={
        "version": str(d.version), "surname": d.surname, "release_status": "released",
        "reason": "a call"}).get_data(as_text=True)
    session.expire_all()
    assert "не може перейти" in page
    assert d.release_status is None
    assert current_stage(d) is Stage.REPATRIATED

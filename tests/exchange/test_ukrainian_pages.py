"""Ukrainian pages and exports on a real registry show labels, never codes or English (slow).

Three members' dev lists of two months are imported and reconciled; a coordinator reading
in Ukrainian opens the joint list, the changes, the classification pages, the review queue,
the import pages, the rosters and a round, the road-home dashboard and the estimate.
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from exchange.audit import Actor
from exchange.classification import queue
from exchange.labels import label
from exchange.models import Role, SourceRecord
from exchange.models.classification import PersonClassification
from exchange.reports.joint_list import CODE_COLUMNS
from exchange.rounds import operations as rounds
from tests.exchange.conftest import DEV, import_dev_lists
from tests.exchange.in_ukrainian import codes_in, problems

pytestmark = pytest.mark.slow

M1, M2 = "2025-01", "2025-02"
PAGES = [
    f"/reports/joint-list?month={M2}",
    f"/reports/changes?from={M1}&to={M2}",
    *(f"/reports/changes?from={M1}&to={M2}&list={name}"
      for name in ("no_longer_listed", "status_changes", "changed", "conflicts", "noted")),
    "/classification/",
    "/classification/rules",
    "/classification/review",
    "/import/",
    "/import/batches",
    "/import/mappings",
    "/rounds/",
    "/rounds/rosters",
    "/rounds/rosters/non_violent_amnesty",
    "/rounds/rosters/transfer",
    "/rounds/coverage",
    "/repatriation/",
    "/repatriation/persons",
    "/repatriation/flags",
    f"/estimate/?month={M2}",
    "/months",
]


# The roster's columns that hold stored values (the others are names, dates and places).
ROSTER_LABELLED = ("Стать", "Громадянство", "Регіон", "Процесуальний статус", "Категорія",
                   "Відповідність критеріям", "Загроза здоров'ю", "Перевірити особу")


@pytest.fixture
def registry(session):
    """Two months of three members' lists (Ukrainian, Russian and English layouts)."""
    import_dev_lists(session, (M1, M2), ("CHRG", "CRIMEASOS", "MIHR"))
    found = rounds.create_round(session, name="Амністія 1", round_type="amnesty",
                                categories=["non_violent_amnesty", "volunteers"],
                                actor=Actor(label="test"))
    rounds.add_persons(session, found.id, actor=Actor(label="test"), today=date.today())
    return found


def _ukrainian_reader(create_user, login):
    client = login(create_user(Role.COORDINATOR))
    client.get("/language/uk")
    return client


def _pages(session, round_id: int) -> list[str]:
    persons = session.scalars(select(PersonClassification.person_id)
                              .order_by(PersonClassification.needs_review.desc(),
                                        PersonClassification.person_id).limit(30)).all()
    records = session.scalars(select(SourceRecord.id).order_by(SourceRecord.id).limit(10)).all()
    groups = [g.key for g in queue.queue_groups(session)]
    return [*PAGES, f"/rounds/{round_id}", f"/rounds/{round_id}/submit",
            *(f"/classification/persons/{pid}" for pid in persons),
            *(f"/records/{rid}" for rid in records),
            *(f"/classification/review?group={key}" for key in groups)]


def test_ukrainian_pages_show_no_code_and_no_english(session, registry, create_user, login):
    client = _ukrainian_reader(create_user, login)
    found = {}
    for url in _pages(session, registry.id):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert 'lang="uk"' in page, url
        if trouble := problems(page):
            found[url] = trouble[:5]
    assert found == {}


@pytest.mark.parametrize(("member", "name"), [("MIHR", "MIHR_detained_2025-01.csv"),
                                              ("ZMINA", "ZMINA_monitoring_2025-01.xlsx")])
def test_the_import_check_page_in_ukrainian(org, create_user, login, member, name):
    path = DEV / "lists" / M1 / name
    if not path.exists():
        pytest.skip(f"the shared dev data is absent: {DEV}")
    client = _ukrainian_reader(create_user, login)
    response = client.post("/import/", data={
        "organisation": org(member).id, "month": M1,
        "file": (io.BytesIO(path.read_bytes()), name)}, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Перевірка перед імпортом" in page
    assert problems(page) == []


def _cells(data: bytes, sheet: int = 0) -> list[tuple]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[sheet]
    return list(ws.iter_rows(values_only=True))


def test_ukrainian_exports_read_back_with_labels(session, registry, create_user, login):
    client = _ukrainian_reader(create_user, login)
    rows = _cells(client.get(f"/reports/joint-list.xlsx?month={M2}").data)
    header, body = rows[0], rows[1:]
    shown = len(header) - len(CODE_COLUMNS)
    assert header[1] == "Прізвище"
    assert list(header[shown:]) == list(CODE_COLUMNS)  # the codes, for programs, hidden
    labelled = [header.index(label("report_column", key, "uk"))
                for key in ("residence_region", "release_status", "category", "eligibility",
                            "conflicts")]
    assert not [(r[0], r[i]) for r in body for i in labelled if codes_in(r[i])]
    assert {r[header.index("Категорія")] for r in body} <= {
        label("category", c, "uk") for c in ("civilians", "secret_prison", "non_violent_amnesty",
                                              "transfer", "volunteers", "war_crime_exchange",
                                              "unclassified")} | {None}
    category = shown + CODE_COLUMNS.index("category")
    assert any(r[category] == "non_violent_amnesty" for r in body)  # the code is kept
    workbook = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/reports/changes.xlsx?from={M1}&to={M2}").data))
    assert workbook.sheetnames[0] == "Підсумок"
    changed = list(workbook["Змінені відомості"].iter_rows(values_only=True))
    assert changed[0][5:8] == ("Поле", "Було", "Стало")
    assert not [row for row in changed[1:] if codes_in(row[5])]
    vocabulary_fields = {label("field", f, "uk") for f in ("legal_status", "facility_type",
                                                           "release_status", "person_status")}
    assert not [row for row in changed[1:] if row[5] in vocabulary_fields
                and (codes_in(row[6]) or codes_in(row[7]))]
    roster = _cells(client.get("/rounds/rosters/non_violent_amnesty.xlsx").data, sheet=1)
    assert len(roster) > 10
    coded = [i for i, name in enumerate(roster[0]) if name.split(" / ")[0] in ROSTER_LABELLED]
    assert len(coded) == len(ROSTER_LABELLED)
    assert not [row for row in roster[1:] for i in coded if codes_in(row[i])]

"""The report pages: sign-in required, readable by every role, content present."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from exchange.models import Role
from tests.reports.conftest import M1, M2


@pytest.fixture
def months(registry, person):
    held = person("Бондаренко", given_name="Ігор")
    registry.record(held, "ZMINA", M1, "1")
    registry.record(held, "ZMINA", M2, "1")
    registry.record(held, "CHRG", M2, "CHRG-7")
    freed = person("Шевчук")
    registry.record(freed, "CCL", M1, "C-1", release_status="detained")
    registry.record(freed, "CCL", M2, "C-1", release_status="released")
    registry.record(person("Новенко"), "MIHR", M2, "M-1")
    registry.record(person("Зникла"), "PRPP", M1, "9")
    return held


PAGES = [
    "/reports/joint-list",
    f"/reports/joint-list?month={M1}",
    "/reports/changes",
    "/reports/overlap",
    f"/reports/overlap.svg?month={M2}",
    f"/reports/joint-list.xlsx?month={M2}",
    f"/reports/changes.xlsx?from={M1}&to={M2}",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_sign_in(client, months, url) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("url", PAGES)
def test_every_role_may_read(login, create_user, months, role, url) -> None:
    user = create_user(role, org_code="ZMINA" if role is Role.MEMBER_EDITOR else None)
    assert login(user).get(url).status_code == 200


def test_joint_list_page(login, create_user, months) -> None:
    client = login(create_user(Role.COORDINATOR))
    page = client.get(f"/reports/joint-list?month={M2}").get_data(as_text=True)
    assert "Бондаренко Ігор" in page
    assert "CHRG:CHRG-7; ZMINA:1" in page
    assert "Новенко" in page
    assert "Шевчук" not in page  # released in that month
    assert "Зникла" not in page  # nobody lists her that month
    assert "Joint list" in page  # the menu entry


def test_joint_list_pages_through_the_rows(
    app, login, create_user, months, registry, person, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    registry.record(person("Яковенко"), "UHHRU", M2, "U-1")
    client = login(create_user())
    first = client.get(f"/reports/joint-list?month={M2}").get_data(as_text=True)
    second = client.get(f"/reports/joint-list?month={M2}&page=2").get_data(as_text=True)
    assert ["Бондаренко" in first, "Новенко" in first, "Яковенко" in first] == [True, True, False]
    assert "Page 1 of 2" in first
    assert ["Бондаренко" in second, "Яковенко" in second] == [False, True]


def test_unknown_month_is_404(login, create_user, months) -> None:
    client = login(create_user())
    assert client.get("/reports/joint-list?month=2031-01").status_code == 404
    assert client.get("/reports/overlap.svg?month=junk").status_code == 404


def test_changes_page(login, create_user, months) -> None:
    client = login(create_user(Role.COORDINATOR))
    page = client.get(f"/reports/changes?from={M1}&to={M2}").get_data(as_text=True)
    assert "Новенко" in page  # new: the first list shown
    assert "Зникла" not in page  # one list at a time
    url = f"/reports/changes?from={M1}&amp;to={M2}&amp;list=no_longer_listed"
    assert url in page
    page = client.get(url.replace("&amp;", "&")).get_data(as_text=True)
    assert "Зникла" in page  # no longer listed
    assert "PRPP:9" in page  # by whom she was last listed
    page = client.get(f"/reports/changes?from={M1}&to={M2}&list=status_changes").get_data(
        as_text=True)
    assert "Шевчук" in page  # released


def test_changes_page_lists_go_page_by_page(
        app, login, create_user, months, registry, person, monkeypatch):
    registry.record(person("Ярошенко"), "MIHR", M2, "M-2")
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)
    client = login(create_user())
    url = f"/reports/changes?from={M1}&to={M2}&list=new"
    first = client.get(url).get_data(as_text=True)
    second = client.get(url + "&page=2").get_data(as_text=True)
    assert ("Page 1 of 2" in first, "Новенко" in first, "Ярошенко" in first) == (
        True, True, False)
    assert ("Page 2 of 2" in second, "Новенко" in second, "Ярошенко" in second) == (
        True, False, True)
    link = re.search(r'href="([^"]*page=2[^"]*)"', first)
    assert link is not None
    assert "list=new" in link[1]


def test_changes_page_refuses_the_wrong_order(login, create_user, months) -> None:
    response = login(create_user()).get(f"/reports/changes?from={M2}&to={M1}")
    assert response.status_code == 200
    assert "The first month must be before the second." in response.get_data(as_text=True)


def test_overlap_page_and_picture(login, create_user, months) -> None:
    client = login(create_user())
    page = client.get(f"/reports/overlap?month={M2}").get_data(as_text=True)
    assert f"/reports/overlap.svg?month={M2}" in page
    assert "ZMINA" in page
    picture = client.get(f"/reports/overlap.svg?month={M2}")
    assert picture.mimetype == "image/svg+xml"
    assert picture.get_data(as_text=True).startswith("<svg")


def test_downloads_are_the_xlsx_files(login, create_user, months) -> None:
    client = login(create_user())
    joint = client.get(f"/reports/joint-list.xlsx?month={M2}")
    assert "joint-list-2025-02.xlsx" in joint.headers["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(joint.data)).active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[0][1] == "Surname"  # the reader's language
    changes = client.get(f"/reports/changes.xlsx?from={M1}&to={M2}")
    assert openpyxl.load_workbook(io.BytesIO(changes.data)).sheetnames[0] == "Summary"
    client.get("/language/uk")
    joint = client.get(f"/reports/joint-list.xlsx?month={M2}")
    rows = list(openpyxl.load_workbook(io.BytesIO(joint.data)).active.iter_rows(values_only=True))
    assert rows[0][1] == "Прізвище"


def test_changes_page_links_an_open_match_review(
    login, create_user, months, registry, session
) -> None:
    from exchange.models import ReviewItem

    new = next(r for r in registry.batches[("MIHR", M2)].records if r.record_id == "M-1")
    gone = next(r for r in registry.batches[("PRPP", M1)].records if r.record_id == "9")
    session.add(
        ReviewItem(
            list_month=M2,
            source_record_id=new.id,
            candidate_person_id=gone.person_id,
            weight=2.0,
            probability=0.7,
        )
    )
    session.commit()
    client = login(create_user(Role.COORDINATOR))
    page = client.get(f"/reports/changes?from={M1}&to={M2}&list=pending").get_data(as_text=True)
    assert f'persons/{new.person_id}"' in page  # the new person, in review with the gone one
    assert f'persons/{gone.person_id}">#{gone.person_id}</a>' in page


def test_joint_list_page_flags_a_release_written_in_a_note(
    login, create_user, months, registry
) -> None:
    registry.record(months, "UHHRU", M2, "U-5", notes="звільнений (обмін) 15.02.2025")
    client = login(create_user(Role.COORDINATOR))
    page = client.get(f"/reports/joint-list?month={M2}").get_data(as_text=True)
    assert "a note says: Exchanged" in page
    assert "UHHRU:U-5: звільнений (обмін) 15.02.2025" in page


def test_joint_list_page_says_when_records_are_not_linked_yet(
    login, create_user, months, registry
) -> None:
    registry.record(None, "MIHR", M2, "M-99")
    page = login(create_user()).get(f"/reports/joint-list?month={M2}").get_data(as_text=True)
    assert "1 record of this month is not linked to a person yet" in page


def test_a_published_month_says_so(login, create_user, months, session, registry) -> None:
    from exchange.models import ListMonth, MonthStatus

    session.add(ListMonth(month=M1, status=MonthStatus.PUBLISHED, snapshot=[]))
    registry.save()
    page = login(create_user()).get(f"/reports/joint-list?month={M1}").get_data(as_text=True)
    assert "This month is published" in page


@pytest.mark.parametrize("url", PAGES[:4])
def test_pages_render_in_ukrainian(client, login, create_user, months, url) -> None:
    login(create_user())
    with client.session_transaction() as state:
        state["lang"] = "uk"
    response = client.get(url)
    assert response.status_code == 200
    assert 'lang="uk"' in response.get_data(as_text=True)


def test_joint_list_page_filters_and_pages_keep_them(
    app, login, create_user, months, registry, person, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)
    registry.record(person("Ткач"), "ZMINA", M2, "2")
    client = login(create_user())
    page = client.get(f"/reports/joint-list?month={M2}&member=ZMINA").get_data(as_text=True)
    assert "Бондаренко" in page
    assert "Новенко" not in page  # MIHR only
    assert "member=ZMINA" in page  # the pager keeps the filter
    assert "Page 1 of 2" in page
    ignored = client.get(f"/reports/joint-list?month={M2}&member=NOPE&check=junk")
    assert ignored.status_code == 200
    assert "Page 1 of 3" in ignored.get_data(as_text=True)  # unknown filters are ignored

"""In Ukrainian: the road-home dashboard, a number's list, and a person's timeline and checklist.

Screenshots (the pages as a person sees them, on screen and in print) are kept in the
artifacts folder (TEST_ARTIFACTS, else test-artifacts/browser/).
"""

from __future__ import annotations

import re

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def _sign_in_ukrainian(page, base, login):
    sign_in(page, base, login.email, login.password, login.totp_secret)
    page.wait_for_url(re.compile(r".*/home$"))
    page.click("a[lang=uk]")
    page.wait_for_selector("html[lang=uk]")


def _number(page, figure: str, line: str, column: int = 0):
    return page.locator(f"table[data-figure={figure}] tr[data-line={line}] td a").nth(column)


def test_the_dashboard_in_ukrainian_with_charts_and_numbers_that_open_their_lists(
    page, live_server, artifacts
):
    base, login = live_server
    _sign_in_ukrainian(page, base, login)
    page.click("nav details[data-group=road] summary")  # the menu's "Road home" dropdown
    page.click("nav details[data-group=road] a:has-text('Огляд')")
    page.wait_for_selector("h1:has-text('Шлях додому: загальна картина')")
    assert page.locator("table[data-figure]").count() == 10
    assert _number(page, "overview", "all").inner_text() == "60"  # the demo registry
    charts = page.locator("figure.chart svg")
    assert charts.count() == 10
    box = charts.first.bounding_box()
    assert box is not None
    assert box["width"] > 200
    assert "Утримуються зараз" in page.locator("table[data-figure=by_region] thead").inner_text()
    page.screenshot(path=str(artifacts / "dashboard-uk.png"), full_page=True)

    page.emulate_media(media="print")
    assert page.locator("header nav").is_hidden()
    assert charts.first.is_visible()
    page.screenshot(path=str(artifacts / "dashboard-uk-print.png"), full_page=True)
    page.emulate_media(media="screen")

    held = _number(page, "overview", "held")
    count = int(held.inner_text())
    held.click()
    page.wait_for_url(re.compile(r".*/repatriation/persons\?group=held$"))
    assert "Утримуються" in page.locator("hgroup .badge").inner_text()
    assert f"{count} " in page.locator("hgroup p").inner_text()
    assert page.locator("table tbody tr").count() == min(count, 50)
    page.screenshot(path=str(artifacts / "dashboard-list-uk.png"), full_page=True)


def test_a_coordinator_brings_a_person_home_and_fills_the_checklist(page, live_server,
                                                                    artifacts):
    base, login = live_server
    _sign_in_ukrainian(page, base, login)
    page.goto(f"{base}/repatriation/persons?stage=exchanged")
    page.locator("table tbody td a").first.click()
    page.wait_for_selector("h2:has-text('Хронологія')")
    assert page.locator("tr.list-month").count() >= 1  # the lists that named the person
    assert page.locator("strong.stage").inner_text() == "Обміняно"

    page.select_option("select[name=event-stage]", "repatriated")
    page.fill("input[name=event-occurred_on]", "2025-02-20")
    page.fill("textarea[name=event-evidence]", "Зустріли на КПП, документи перевірено")
    page.click("form[action$='/events'] input[type=submit]")
    page.wait_for_selector("text=Подію записано.")
    assert page.locator("strong.stage").inner_text() == "Повернуто в Україну"
    assert page.locator("tr.event[data-stage=repatriated]").count() == 1

    row = page.locator("tr[data-item=compensation_moral_harm]")
    row.locator("summary").click()
    row.locator("select").select_option("in_progress")
    row.locator("input[name$=status_on]").fill("2025-03-01")
    row.locator("input[name$=amount]").fill("250000")
    row.locator("input[type=submit]").click()
    page.wait_for_selector("text=Крок реабілітації збережено.")
    row = page.locator("tr[data-item=compensation_moral_harm]")
    assert "25000000UAH" in re.sub(r"[^\dA-Z]", "", row.inner_text())  # 250 000,00 UAH
    assert "Триває" in row.inner_text()
    page.screenshot(path=str(artifacts / "timeline-uk.png"), full_page=True)

    page.goto(f"{base}/repatriation/rehabilitation")
    assert page.locator("table tbody tr").count() >= 1
    assert "Медичне обстеження" in page.locator("table tbody").inner_text()

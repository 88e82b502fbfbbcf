"""The home page, the registry's filters and a person page in Ukrainian, at 1366 px.

Screenshots are kept in the artifacts folder (TEST_ARTIFACTS, else test-artifacts/browser/)
and listed in the test output.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from exchange.audit import Actor, acting_as
from exchange.extensions import db
from exchange.models import Detention, FacilityType, Person, ReleaseStatus

from .conftest import LIVE_APPS, sign_in

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1366, 768


def _shot(page, artifacts, name: str) -> None:
    """Keep the whole page and what a 1366 x 768 screen shows of it first."""
    for path, full in ((artifacts / name, True), (artifacts / f"screen-{name}", False)):
        page.screenshot(path=str(path), full_page=full)
        print(f"screenshot: {path}")


def _sign_in(page, base, login, language: str, email: str | None = None) -> None:
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(f"{base}/login")
    if language != "en":
        page.click(f"a[lang={language}]")
    sign_in(page, base, email or login.email, login.password, login.totp_secret)
    page.wait_for_url(re.compile(r".*/home$"))
    assert page.locator("html").get_attribute("lang") == language  # kept through sign-in


def _menu_fits(page) -> None:
    """The menu is one line: no entry wrapped under another, nothing wider than the page."""
    tops = page.locator("nav.menu > ul > li").evaluate_all(
        "items => items.map(i => Math.round(i.getBoundingClientRect().top))")
    assert max(tops) - min(tops) < 20, tops  # a second line would start a line lower
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


@pytest.mark.parametrize("language", ["en", "uk"])
def test_home_page_counts_lead_to_their_lists(page, live_server, artifacts, language):
    base, login = live_server
    _sign_in(page, base, login, language)
    _menu_fits(page)
    todos = page.locator("li[data-todo] a")
    assert todos.count() == 8
    _shot(page, artifacts, f"home-coordinator-{language}.png")
    review = page.locator("li[data-todo=category_review]")
    count = int(review.locator(".count").inner_text())
    review.locator("a").click()
    page.wait_for_url(re.compile(r".*/classification/review.*"))
    assert str(count) in page.locator("main").inner_text()
    page.click("nav details[data-group=registry] summary")
    _shot(page, artifacts, f"menu-open-{language}.png")


@pytest.mark.parametrize("language", ["en", "uk"])
def test_negotiator_home_opens_with_rosters(page, live_server, artifacts, language):
    base, login = live_server
    _sign_in(page, base, login, language, email="negotiator@demo.local")
    _menu_fits(page)
    first_group = page.locator("nav details.dropdown").first.get_attribute("data-group")
    assert first_group == "exchange"
    assert page.locator("section").first.get_attribute("class") == "home-rosters"
    _shot(page, artifacts, f"home-negotiator-{language}.png")


def test_registry_filters_and_sorting(page, live_server, artifacts):
    base, login = live_server
    _sign_in(page, base, login, "uk")
    page.goto(f"{base}/")
    total = len(page.locator("table.registry tbody tr").all())
    options = page.locator("select[name=region] option")
    region_code = options.nth(1).get_attribute("value")
    region_name = options.nth(1).inner_text()
    page.select_option("select[name=region]", region_code)
    page.select_option("select[name=status]", "held")
    page.click("form.registry-filters .filter-actions button")
    page.wait_for_url(re.compile(rf".*region={region_code}.*"))
    assert "status=held" in page.url
    regions = page.locator("table.registry tbody tr td:nth-child(3)").all_inner_texts()
    assert regions
    assert set(regions) == {region_name}
    assert len(regions) < total
    assert page.locator("select[name=region]").input_value() == region_code  # kept shown
    page.click("a[data-sort=born]")
    page.wait_for_url(re.compile(r".*sort=born.*"))
    born = [b for b in page.locator("table.registry tbody tr td:nth-child(2)").all_inner_texts()
            if b]
    assert born == sorted(born)
    _shot(page, artifacts, "registry-filtered-uk.png")
    page.goto(f"{base}/")
    _menu_fits(page)
    _shot(page, artifacts, "registry-uk.png")


@pytest.fixture
def latin_person(live_server) -> Iterator[int]:
    """A person the lists know only in Latin letters, held, with a health concern (taken
    out afterwards: other tests count the demo registry's persons)."""
    base, _login = live_server
    app = LIVE_APPS[base]
    with app.app_context(), acting_as(db.session, Actor(label="test")):
        person = Person(surname="Marchenko", given_name="Serhii", date_of_birth="1961-04-02",
                        residence_region="UA-65", health_concern="yes",
                        release_status=ReleaseStatus.DETAINED)
        person.detentions.append(Detention(detained_on="2022-03-15", held_at="СИЗО-2 Симферополь",
                                           facility_type=FacilityType.PRETRIAL))
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    yield person_id
    with app.app_context(), acting_as(db.session, Actor(label="test")):
        db.session.delete(db.session.get(Person, person_id))
        db.session.commit()


def test_person_page_in_ukrainian(page, live_server, artifacts, latin_person):
    base, login = live_server
    _sign_in(page, base, login, "uk")
    page.goto(f"{base}/persons/{latin_person}")
    heading = page.locator("h1")
    assert heading.locator("span[lang=uk]").inner_text() == "Марченко Сергій"
    assert heading.locator("small.derived").inner_text() == "з латиниці"
    assert "Marchenko" in heading.locator("small.derived").get_attribute("title")
    for box in ("lead-identity", "lead-status", "lead-held", "lead-health", "lead-members"):
        top = page.locator(f"article.{box}").bounding_box()["y"]
        assert top < HEIGHT, f"{box} is below the fold"
    held = page.locator("article.lead-held").inner_text()
    assert "СИЗО-2 Симферополь" in held
    assert "Слідчий ізолятор" in held
    assert "Серйозна загроза" in page.locator("article.lead-health").inner_text()
    why = page.locator("section.classification-panel details")
    assert why.count() == 0 or why.get_attribute("open") is None  # the reasoning is folded
    history = page.locator("section.history").inner_text()
    assert "додав(-ла) особу до реєстру" in history
    assert "create" not in history
    assert "person_id" not in history
    _shot(page, artifacts, "person-uk.png")
    page.goto(f"{base}/?sort=name")
    names = page.locator("table.registry tbody td:first-child a").all_inner_texts()
    assert any(n.startswith("Марченко Сергій") for n in names) or page.locator(
        "nav.pager").count() == 1  # on this page of the alphabet, or a later one

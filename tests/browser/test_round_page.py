"""A negotiator opens a round in Ukrainian, sends its list with identity confirmations,
and sees the versions; the page is kept as a screenshot (tests/browser/artifacts/)."""

from __future__ import annotations

import re
import secrets
from datetime import date
from pathlib import Path

import pytest

from exchange.audit import Actor
from exchange.extensions import db
from exchange.rounds import operations
from exchange.rounds.roster import Filters

from .conftest import REVIEW_PASSWORD, REVIEW_TOTP, sign_in

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _round(app) -> int:
    """A transfer round of the Crimean lists' persons, still a draft."""
    with app.app_context():
        actor = Actor(label="browser-test")
        number = operations.create_round(
            db.session, name=f"Передача {secrets.token_hex(3)}", round_type="transfer",
            categories=["transfer"], actor=actor).id
        operations.add_persons(db.session, number, actor=actor, today=date.today(),
                               filters=Filters(region="UA-43"))
    return number


def test_round_page_in_ukrainian(page, review_server):
    base, app = review_server
    number = _round(app)
    sign_in(page, base, "reviewer@example.org", REVIEW_PASSWORD, REVIEW_TOTP)
    page.wait_for_url(re.compile(r".*/home$"))
    page.click("a[lang=uk]")

    page.goto(f"{base}/rounds/{number}")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("#round-state").inner_text() == "Чернетка"
    page.click("a[role=button]:has-text('Передати список')")
    page.wait_for_selector("h1:has-text('Передати список раунду')")
    boxes = page.locator("input[name=confirm]")
    for i in range(boxes.count()):  # each flagged person checked and ticked, one by one
        boxes.nth(i).check()
    page.click("input[type=submit][value='Передати цю версію']")
    page.wait_for_selector("#round-state:has-text('Передано')")
    assert page.locator("#versions tbody tr").count() == 1
    assert page.locator("#persons tbody tr").count() >= 1
    text = page.locator("main").inner_text()
    assert "transfer" not in text  # labels, never stored codes
    assert "Передача Україні (насильницькі злочини)" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "round_uk.png"), full_page=True)

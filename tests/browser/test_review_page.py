"""A coordinator works through the match review queue with the keyboard."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from exchange.extensions import db
from exchange.models import Decision, ReviewItem, ReviewStatus, SourceRecord

from .conftest import REVIEW_PASSWORD, REVIEW_TOTP, sign_in

pytestmark = pytest.mark.browser


def _sign_in(page, base):
    sign_in(page, base, "reviewer@example.org", REVIEW_PASSWORD, REVIEW_TOTP)
    page.wait_for_url(re.compile(r".*/home$"))


def test_keyboard_decides_and_moves_to_the_next_pair(page, review_server, tmp_path):
    base, app = review_server
    _sign_in(page, base)
    page.goto(f"{base}/review")
    page.locator("table tbody td a").first.click()
    page.wait_for_selector("h1:has-text('Same person?')")
    first_url = page.url
    record_id = int(first_url.split("?")[0].rstrip("/").rsplit("/", 1)[1])
    assert page.locator("table.compare td.agree").count() >= 1
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)

    page.keyboard.press("d")  # none of the other candidates
    page.wait_for_url(lambda url: url != first_url)
    with app.app_context():
        record = db.session.get(SourceRecord, record_id)
        asked = db.session.scalars(
            select(ReviewItem).where(
                ReviewItem.source_record_id == record_id,
                ReviewItem.candidate_person_id != record.person_id,
            )
        ).all()
        assert asked
        assert {(i.status, i.decision) for i in asked} == {
            (ReviewStatus.DECIDED, Decision.DIFFERENT)
        }
        still_open = db.session.scalars(
            select(ReviewItem).where(ReviewItem.status == ReviewStatus.OPEN)
        ).first()
    assert still_open is not None  # the month leaves dozens of records: the page moves to one
    assert re.search(r"/review/record/\d+", page.url)


def test_typing_a_reason_does_not_trigger_shortcuts(page, review_server):
    base, app = review_server
    _sign_in(page, base)
    page.goto(f"{base}/review")
    page.locator("table tbody td a").first.click()
    page.wait_for_selector("h1:has-text('Same person?')")
    url = page.url
    page.fill("textarea[name=reason]", "")
    page.type("textarea[name=reason]", "sdu")
    assert page.url == url
    assert page.input_value("textarea[name=reason]") == "sdu"

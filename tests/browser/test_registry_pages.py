"""A person signs in, searches the registry, opens a person, and signs out."""

from __future__ import annotations

import re

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def _sign_in(page, base, login):
    sign_in(page, base, login.email, login.password, login.totp_secret)


def test_sign_in_registry_person_and_sign_out(page, live_server, tmp_path):
    base, login = live_server
    _sign_in(page, base, login)
    page.wait_for_url(re.compile(r".*/home$"))
    page.goto(f"{base}/")
    page.wait_for_selector("h1:has-text('Registry of detainees')")
    rows = page.locator("table tbody tr")
    assert rows.count() >= 10
    first_name = rows.first.locator("td a").inner_text()
    page.screenshot(path=str(tmp_path / "registry.png"), full_page=True)

    surname = first_name.split()[0]
    page.fill("input[name=q]", surname)
    page.click("form.registry-filters [role=search] button")
    page.wait_for_url(re.compile(r".*search=1.*"))
    assert surname not in page.url  # the name never goes into the address
    found = page.locator("table tbody td a").all_inner_texts()
    assert found, "the search found nobody"
    assert all(surname in t for t in found)

    page.locator("table tbody td a").first.click()
    page.wait_for_selector("h2:has-text('Source records')")
    assert page.locator("h1").inner_text().startswith(surname)
    assert page.locator("text=History").count() >= 1
    page.screenshot(path=str(tmp_path / "person.png"), full_page=True)

    page.click("details.account summary")
    page.click("button:has-text('Sign out')")
    page.wait_for_url(re.compile(r".*/login.*"))
    page.goto(f"{base}/")
    assert "/login" in page.url


def test_wrong_password_shows_generic_message(page, live_server):
    base, login = live_server
    page.goto(f"{base}/login")
    page.fill("input[name=email]", login.email)
    page.fill("input[name=password]", "not the password")
    page.click("input[type=submit]")
    assert page.locator("text=Wrong email or password.").is_visible()


def test_language_switch_to_ukrainian(page, live_server):
    base, login = live_server
    page.goto(f"{base}/login")
    page.click("a[lang=uk]")
    assert page.locator("html").get_attribute("lang") == "uk"

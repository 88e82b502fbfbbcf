"""The upload page in headless Chromium: the progress script, the check page and the commit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.importing import builders as b

from .conftest import sign_in

pytestmark = pytest.mark.browser

ROWS = [b.HEADER, ["BR-1", "Коваленко", "Олександр", "01.02.1980", "03.04.2022", "Крим"],
        ["BR-2", "Шевченко", "Тарас", "1990", "2023-01-05", "Херсонщина"]]


def _sign_in(page, live_server) -> str:
    base, login = live_server
    sign_in(page, base, login.email, login.password, login.totp_secret)
    page.wait_for_url(re.compile(r".*/home$"))
    return base


def _upload(page, base: str, path: Path, month: str) -> None:
    page.goto(f"{base}/import/")
    zmina = page.locator("select[name=organisation] option", has_text="ZMINA ·")
    page.select_option("select[name=organisation]", value=zmina.get_attribute("value"))
    page.fill("input[name=month]", month)
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload-form input[type=submit]")
    page.wait_for_url(re.compile(r".*/import/check/.+"))


def _top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def test_upload_check_and_commit_in_a_browser(page, live_server, tmp_path: Path) -> None:
    base = _sign_in(page, live_server)
    _upload(page, base, b.xlsx(tmp_path / "browser.xlsx", ROWS), "2025-07")
    assert page.locator("text=Rows to import").count() == 1
    assert "Region of residence" in page.content()
    page.screenshot(path=str(tmp_path / "check.png"), full_page=True)

    page.click("text=Import these rows")
    page.wait_for_url(re.compile(r".*/import/batches$"))
    assert "Imported 2 rows" in page.content()
    assert "browser.xlsx" in page.content()


def test_decisions_come_before_the_summary_and_the_button(page, live_server,
                                                           tmp_path: Path) -> None:
    base = _sign_in(page, live_server)
    header = [*b.HEADER, "Телефон", "Правовий статус"]
    rows = [header] + [[f"DB-{i}", "Коваленко", "Олександр", "01.02.1980", "03.04.2022", "Крим",
                        "+380", "під арештом" if i % 2 else "засуджений"] for i in range(30)]
    _upload(page, base, b.xlsx(tmp_path / "decide.xlsx", rows), "2025-08")
    assert _top(page, "#decide") < _top(page, "#summary")
    assert page.locator("text=Import these rows").count() == 0
    assert page.locator("#decide >> text=Телефон").count() >= 1
    assert page.locator("#values >> text=під арештом").count() == 1
    page.select_option("#headers select[aria-label=Телефон]", value="ignore")
    page.check("#headers input[name=remember]")  # the next list of the month has it too
    page.click("#headers input[type=submit]")
    page.select_option("#values select[aria-label='під арештом']", value="accused")
    page.click("#values input[type=submit]")
    assert page.locator("#decide").count() == 0
    assert _top(page, "#summary") < _top(page, "text=Import these rows")
    page.click("text=Import these rows")
    page.wait_for_url(re.compile(r".*/import/batches$"))

    again = [header] + [["DB-99", "Бойко", "Іван", "1990", "2023-01-05", "Крим", "", ""]]
    _upload(page, base, b.xlsx(tmp_path / "second.xlsx", again), "2025-08")
    warning = page.locator("#decide >> text=already has batch")
    assert warning.count() == 1
    assert warning.bounding_box()["y"] < _top(page, "#summary") < _top(
        page, "text=Import these rows")

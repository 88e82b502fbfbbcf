"""The upload page in headless Chromium: the progress script, the check page and the commit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.importing import builders as b

pytestmark = pytest.mark.browser

ROWS = [b.HEADER, ["BR-1", "Коваленко", "Олександр", "01.02.1980", "03.04.2022", "Крим"],
        ["BR-2", "Шевченко", "Тарас", "1990", "2023-01-05", "Херсонщина"]]


def test_upload_check_and_commit_in_a_browser(page, live_server, tmp_path: Path) -> None:
    base, login = live_server
    page.goto(f"{base}/login")
    page.fill("input[name=email]", login.email)
    page.fill("input[name=password]", login.password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))

    page.goto(f"{base}/import/")
    zmina = page.locator("select[name=organisation] option", has_text="ZMINA ·")
    page.select_option("select[name=organisation]", value=zmina.get_attribute("value"))
    page.fill("input[name=month]", "2025-07")
    page.set_input_files("input[name=file]", str(b.xlsx(tmp_path / "browser.xlsx", ROWS)))
    page.click("#upload-form input[type=submit]")
    page.wait_for_url(re.compile(r".*/import/check/.+"))
    assert page.locator("text=Rows to import").count() == 1
    assert "residence_region" in page.content()
    page.screenshot(path=str(tmp_path / "check.png"), full_page=True)

    page.click("text=Import these rows")
    page.wait_for_url(re.compile(r".*/import/batches$"))
    assert "Imported 2 rows" in page.content()
    assert "browser.xlsx" in page.content()

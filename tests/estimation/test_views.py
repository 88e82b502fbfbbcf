"""The estimate page and `flask estimate`: names not codes, both languages, figures line."""

from __future__ import annotations

import re

import openpyxl
import pytest

from exchange.models import Role
from tests.estimation.conftest import MONTH

URL = f"/estimate/?month={MONTH}&by=category"
CODES = ("non_violent_amnesty", "unclassified", "UA-43", "few_persons", "engine_strict")


def test_page_needs_sign_in(client, month) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("How many are missing?", "What this means", "Capture patterns", "Unclassified")),
        ("uk", ("Скільки ми не знаємо?", "Що це означає", "Комбінації списків",
                "Не класифіковано")),
    ],
)
def test_page_in_both_languages_without_codes(login, create_user, month, lang, words) -> None:
    client = login(create_user(Role.VIEWER))
    client.get(f"/language/{lang}")
    page = client.get(URL + "&sensitivity=1").get_data(as_text=True)
    for word in words:
        assert word in page
    for code in CODES:
        assert code not in page


def test_page_regions_by_name(login, create_user, month) -> None:
    client = login(create_user(Role.VIEWER))
    client.get("/language/uk")
    page = client.get(f"/estimate/?month={MONTH}&by=region").get_data(as_text=True)
    assert "Автономна Республіка Крим" in page


@pytest.mark.parametrize("url", ["/estimate/?month=2019-01", "/estimate/?by=age"])
def test_unknown_month_or_stratum_is_not_found(login, create_user, month, url) -> None:
    assert login(create_user(Role.VIEWER)).get(url).status_code == 404


def test_cli_prints_the_figures_and_writes_the_workbook(runner, month, tmp_path) -> None:
    out = tmp_path / "estimate.xlsx"
    result = runner.invoke(args=["estimate", "--month", MONTH, "--by", "sex", "--out", str(out)])
    assert result.exit_code == 0, result.output
    line = re.search(r"observed=(\d+) estimate=(\d+) lower=(\d+) upper=(\d+)", result.stdout)
    assert line is not None
    observed, estimate, lower, upper = map(int, line.groups())
    assert observed == month.held
    assert observed <= lower <= estimate <= upper
    wb = openpyxl.load_workbook(out)
    assert wb["оцінка"]["C2"].value == estimate  # --lang uk by default


def test_cli_says_why_it_refuses(runner, session, org, tmp_path) -> None:
    from tests.reports.conftest import Registry

    registry = Registry(session, org)
    registry.record(None, "ZMINA", "2025-04", "1")
    result = runner.invoke(
        args=["estimate", "--month", "2025-04", "--out", str(tmp_path / "e.xlsx")]
    )
    assert result.exit_code == 0, result.output
    assert "observed=0 no estimate: fewer than three lists hold anyone here" in result.stdout


def test_cli_refuses_a_month_never_imported(runner, month, tmp_path) -> None:
    result = runner.invoke(args=["estimate", "--month", "2019-01", "--out", str(tmp_path / "e")])
    assert result.exit_code != 0
    assert "no committed member list for 2019-01" in result.output

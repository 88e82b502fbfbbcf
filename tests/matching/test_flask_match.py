"""`flask match`: raw member lists through the import's readers, nothing written to the database."""

import csv
from pathlib import Path

import pytest

from exchange.cli.match import match_command

LISTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev" / "lists"


def test_links_raw_lists_and_writes_clusters(runner, tmp_path):
    files = sorted((LISTS / "2025-01").glob("MIHR_*.csv")) + sorted(
        (LISTS / "2025-02").glob("MIHR_*.csv"))
    if not files:
        pytest.skip("shared dev lists not available")
    out, review = tmp_path / "clusters.csv", tmp_path / "review.csv"
    result = runner.invoke(match_command, [*map(str, files), "--out", str(out),
                                           "--review-out", str(review)])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["file"] for r in rows} == {f.name for f in files}
    assert len({r["cluster_id"] for r in rows}) < len(rows)  # month 2 repeats month 1
    assert review.exists()


def test_a_file_without_name_columns_is_refused(runner, tmp_path):
    path = tmp_path / "nonames.csv"
    path.write_text("ID;Date of birth;Region\n1;01.02.1980;Crimea\n", encoding="utf-8")
    out = tmp_path / "clusters.csv"
    result = runner.invoke(match_command, [str(path), "--out", str(out)])
    assert result.exit_code != 0
    assert "no name column" in result.output
    assert not out.exists()


def test_an_empty_file_is_refused_clearly(runner, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    result = runner.invoke(match_command, [str(path), "--out", str(tmp_path / "c.csv")])
    assert result.exit_code != 0
    assert "empty.csv" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_command_is_registered(app):
    assert "match" in app.cli.commands


def test_headers_the_import_cannot_read_are_mapped_with_map(runner, tmp_path):
    rows = ["Код;Хто;Коли", "1;Шевченко Сергій Іванович;1980-01-02",
            "2;Shevchenko Serhii Ivanovych;02.01.1980", "3;Мороз Дмитро Сергійович;1956-02-21"]
    path = tmp_path / "list.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "clusters.csv"
    result = runner.invoke(match_command, [str(path), "--out", str(out), "--map", "Код=record_id",
                                           "--map", "Хто=full_name",
                                           "--map", "Коли=date_of_birth"])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8") as fh:
        clusters = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(fh)}
    assert clusters["1"] == clusters["2"] != clusters["3"]

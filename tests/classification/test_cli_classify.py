import csv

import pytest
from sqlalchemy import event

from exchange.extensions import db

from .conftest import BASE, SHARED_DEV

CASES = SHARED_DEV / "classification_cases.csv"
COLUMNS = [
    "record_id",
    "category",
    "eligibility",
    "provisional",
    "rule",
    "unknown_fields",
    "explanation",
]


def _write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def no_sql(app):
    """Fail the test if any SQL statement runs."""
    statements = []
    with app.app_context():
        engine = db.engine

    def record(*args):
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    yield statements
    event.remove(engine, "before_cursor_execute", record)


def test_classify_writes_the_columns_and_touches_no_database(app, tmp_path, no_sql):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(
        source,
        [
            {**BASE, "record_id": "A1"},
            {**BASE, "record_id": "A2", "violent_offence": "", "offence_has_victims": ""},
            {
                **BASE,
                "record_id": "A3",
                "person_status": "formation_member",
                "charges": "205.5; 105 ч.2",
                "violent_offence": "yes",
            },
        ],
    )
    result = app.test_cli_runner().invoke(args=["classify", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "classified 3 records" in result.output
    rows = _read(out)
    assert list(rows[0]) == COLUMNS
    assert [(r["record_id"], r["category"], r["eligibility"], r["provisional"]) for r in rows] == [
        ("A1", "non_violent_amnesty", "eligible", "no"),
        ("A2", "non_violent_amnesty", "eligible", "yes"),
        ("A3", "transfer", "eligible", "no"),
    ]
    assert rows[1]["unknown_fields"] == "offence_has_victims; violent_offence"
    assert rows[2]["rule"] == "3. transfer (measure 4)"
    assert ("rule 2 Volunteers: cases ended by amnesty (measure 5) did not hold"
            in rows[2]["explanation"])
    assert no_sql == []


def test_classify_refuses_a_file_it_cannot_read(app, tmp_path):
    source = tmp_path / "empty.csv"
    source.write_bytes(b"")
    result = app.test_cli_runner().invoke(
        args=["classify", str(source), "--out", str(tmp_path / "out.csv")]
    )
    assert result.exit_code != 0
    assert "Error" in result.output


def test_classify_never_prints_names(app, tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(
        source, [{**BASE, "surname": "Бондаренко", "given_name": "Ірина", "charges": "невідомо"}]
    )
    result = app.test_cli_runner().invoke(args=["classify", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Бондаренко" not in result.output
    assert "Ірина" not in result.output


@pytest.mark.skipif(not CASES.exists(), reason="shared dev data not available")
def test_classify_the_dev_cases(app, tmp_path):
    out = tmp_path / "out.csv"
    result = app.test_cli_runner().invoke(args=["classify", str(CASES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    got = {
        row["record_id"]: (row["category"], row["eligibility"].split(":")[0]) for row in _read(out)
    }
    want = {
        row["record_id"]: (row["expected_category"], row["expected_eligibility"])
        for row in _read(CASES)
    }
    assert got == want

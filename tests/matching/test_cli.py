"""`python -m matching`: canonical CSV in, clusters (and pairs) out; bad input refused clearly."""

import csv

import pytest

from matching.cli import main

HEADER = "record_id,surname,given_name,patronymic,date_of_birth,residence_region\n"
ROWS = [
    "1,Шевченко,Сергій,Іванович,1980-01-02,UA-43",
    "2,Shevchenko,Serhii,Ivanovych,02.01.1980,АР Крим",
    "3,Мороз,Дмитро,Сергійович,1956-02-21,UA-14",
]


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


def read_rows(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_writes_one_row_per_record_with_the_file_base_name(tmp_path):
    a = write(tmp_path / "a.csv", HEADER + "\n".join(ROWS) + "\n")
    b = write(tmp_path / "b.csv", HEADER + ROWS[0] + "\n")
    out, pairs = tmp_path / "clusters.csv", tmp_path / "pairs.csv"
    assert main([a, b, "--out", str(out), "--pairs", str(pairs)]) == 0
    rows = read_rows(out)
    assert [(r["file"], r["record_id"]) for r in rows] == [
        ("a.csv", "1"), ("a.csv", "2"), ("a.csv", "3"), ("b.csv", "1")]
    clusters = [r["cluster_id"] for r in rows]
    # the same person in Cyrillic and in Latin, and twice the same row: one cluster
    assert clusters[0] == clusters[1] == clusters[3] != clusters[2]
    linked = read_rows(pairs)
    assert {(p["record_id_a"], p["record_id_b"]) for p in linked} >= {("1", "2")}
    assert all(p["decision"] == "link" and "date_of_birth=exact" in p["explanation"]
               for p in linked)


def test_semicolon_csv_with_full_names(tmp_path):
    text = "record_id;full_name;date_of_birth\n1;Шевченко Сергій Іванович;1980-01-02\n"
    out = tmp_path / "c.csv"
    assert main([write(tmp_path / "m.csv", text), "--out", str(out)]) == 0
    assert read_rows(out)[0]["file"] == "m.csv"


@pytest.mark.parametrize(("content", "message"), [
    ("record_id,date_of_birth\n1,1980-01-02\n", "no name column"),
    ("", "no records to link"),
    ("record_id,surname\n", "no records to link"),
])
def test_bad_input_is_refused_with_a_message(tmp_path, capsys, content, message):
    out = tmp_path / "clusters.csv"
    assert main([write(tmp_path / "bad.csv", content), "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_an_empty_file_among_others_is_reported_not_fatal(tmp_path, capsys):
    good = write(tmp_path / "a.csv", HEADER + "\n".join(ROWS) + "\n")
    empty = write(tmp_path / "empty.csv", "")
    out = tmp_path / "clusters.csv"
    assert main([good, empty, "--out", str(out)]) == 0
    assert "empty.csv: no records" in capsys.readouterr().err
    assert len(read_rows(out)) == 3


def test_not_utf8_is_refused(tmp_path, capsys):
    path = tmp_path / "cp.csv"
    path.write_bytes((HEADER + ROWS[0]).encode("cp1251"))
    assert main([str(path), "--out", str(tmp_path / "o.csv")]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_no_names_or_dates_in_the_log(tmp_path, capsys):
    a = write(tmp_path / "a.csv", HEADER + "\n".join(ROWS) + "\n")
    assert main([a, "--out", str(tmp_path / "o.csv")]) == 0
    err = capsys.readouterr().err
    assert "Шевченко" not in err
    assert "1980" not in err


def test_model_can_be_saved_and_reused(tmp_path):
    a = write(tmp_path / "a.csv", HEADER + "\n".join(ROWS) + "\n")
    model = tmp_path / "model.json"
    assert main([a, "--out", str(tmp_path / "1.csv"), "--save-model", str(model)]) == 0
    assert main([a, "--out", str(tmp_path / "2.csv"), "--model", str(model)]) == 0
    assert read_rows(tmp_path / "1.csv") == read_rows(tmp_path / "2.csv")


NAMESAKES = ["1,Мороз,Дмитро,Сергійович,1956-02-21,UA-14",
             "2,Мороз,Дмитро,Сергійович,1978-01-29,UA-14",
             "3,Мороз,Дмитро,,,UA-14"]


@pytest.mark.parametrize(("flag", "attached"), [([], False), (["--attach-ambiguous"], True)])
def test_a_thin_record_fitting_two_namesakes_is_attached_only_on_request(tmp_path, flag,
                                                                         attached):
    files = [write(tmp_path / f"{k}.csv", HEADER + row + "\n")
             for k, row in enumerate(NAMESAKES)]
    out, review = tmp_path / "o.csv", tmp_path / "review.csv"
    assert main([*files, "--out", str(out), "--review-out", str(review), *flag]) == 0
    clusters = [r["cluster_id"] for r in read_rows(out)]
    assert clusters[0] != clusters[1]
    assert (clusters[2] in clusters[:2]) is attached
    rows = read_rows(review)
    thin = [r for r in rows if r["file"] == "2.csv"]
    assert {r["candidate_cluster"] for r in thin} >= set(clusters[:2]) or attached


@pytest.mark.parametrize(("flag", "linked"), [([], False), (["--dates-unreliable"], True)])
def test_conflicting_dates_are_a_constraint_unless_declared_unreliable(tmp_path, capsys, flag,
                                                                       linked):
    """Member lists: one full name with dates decades apart is two persons (the default).
    Only data whose dates are unreliable by design may weigh the dates as evidence."""
    header = HEADER.strip() + ",place_of_birth,sex\n"
    a = write(tmp_path / "a.csv", header + "1,Тимошук,Леонтій,Августинович,1956-02-21,UA-14,"
                                           "Ялта,M\n")
    b = write(tmp_path / "b.csv", header + "7,Тимошук,Леонтій,Августинович,1978-09-30,UA-14,"
                                           "Ялта,M\n")
    out = tmp_path / "o.csv"
    assert main([a, b, "--out", str(out), *flag]) == 0
    first, second = (r["cluster_id"] for r in read_rows(out))
    assert (first == second) is linked
    assert ("--dates-unreliable" in capsys.readouterr().err) is linked

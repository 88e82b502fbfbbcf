"""Identity constraints: what one person's records can never disagree on, and why."""

import datetime as dt
import random

import numpy as np
import pytest

from matching import Person, Record, link_incremental, link_records
from matching.constraints import (
    DATE_OF_BIRTH,
    GIVEN_NAME,
    PATRONYMIC,
    SAME_LIST,
    SEX,
    Facts,
    conflicts,
    is_thin,
    join_conflicts,
    pair_conflicts,
)
from matching.dates import dates_compatible, full_dates_close, year_slip_apart, years_close


@pytest.mark.parametrize(("dates", "years", "compatible"), [
    ({(1985, 3, 12)}, set(), True),
    ({(1985, 3, 12), (1985, 12, 3)}, set(), True),  # day and month swapped
    ({(1985, 3, 12), (1986, 3, 12)}, set(), True),  # year off by one
    ({(1985, 3, 12), (1985, 3, 13)}, set(), True),  # one digit typed wrong
    ({(1985, 3, 12), (1985, 3, 21)}, set(), True),  # two digits swapped
    ({(1985, 3, 12), (1985, 12, 3), (1986, 3, 12)}, set(), True),  # each one slip away
    ({(1985, 3, 12), (1985, 4, 17)}, set(), False),  # two typos
    ({(1956, 2, 21), (1978, 1, 29)}, set(), False),  # namesakes 22 years apart
    ({(1985, 3, 12), (1990, 7, 1)}, set(), False),
    ({(1956, 7, 1)}, {1956}, True),
    ({(1956, 7, 1)}, {1957}, True),
    ({(1990, 7, 1)}, {1954}, False),
    (set(), {1954, 1990}, False),
    (set(), {1954, 1945}, True),  # two digits swapped
])
def test_dates_of_birth_one_person_may_have(dates, years, compatible):
    assert dates_compatible(dates, years) is compatible


def rec(rid, file="a.csv", **fields):
    fields.setdefault("surname", "Мороз")
    fields.setdefault("given_name", "Дмитро")
    return Record(file, rid, **fields)


@pytest.mark.parametrize(("left", "right", "kinds"), [
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="1978-01-29"), [DATE_OF_BIRTH]),
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="21.02.1956"), []),
    (dict(date_of_birth="1956"), dict(date_of_birth="1978-01-29"), [DATE_OF_BIRTH]),
    (dict(sex="M"), dict(sex="F"), [SEX]),
    (dict(given_name="Дмитро"), dict(given_name="Dmitriy"), []),  # one name, two scripts
    (dict(given_name="Дмитро"), dict(given_name="Дімтро"), []),  # a typo
    (dict(given_name="Дмитро"), dict(given_name="Д."), []),  # an initial
    (dict(given_name="Дмитро"), dict(given_name="Олег"), [GIVEN_NAME]),
    (dict(surname="Мороз", given_name="Олег"), dict(surname="Олег", given_name="Мороз"), []),
    (dict(patronymic="Сергійович"), dict(patronymic="Сергеевич"), []),
    (dict(patronymic="Сергійович"), dict(patronymic="Іванович"), [PATRONYMIC]),
])
def test_pair_conflicts(left, right, kinds):
    a, b = Facts.of(rec("1", "x.csv", **left)), Facts.of(rec("2", "y.csv", **right))
    assert pair_conflicts(a, b) == kinds


@pytest.mark.parametrize(("second", "kinds"), [
    (dict(date_of_birth="1956-02-21", patronymic="Іванович"), []),  # a duplicate row
    (dict(date_of_birth="1956-02-22", patronymic="Іванович"), []),  # a duplicate with a typo
    (dict(patronymic="Іванович"), [SAME_LIST]),  # no date: maybe a namesake
    (dict(date_of_birth="1978-01-29"), [DATE_OF_BIRTH, SAME_LIST]),
])
def test_one_list_holds_a_person_once_unless_rows_are_near_identical(second, kinds):
    first = rec("1", "list.csv", patronymic="Іванович", date_of_birth="1956-02-21")
    assert pair_conflicts(Facts.of(first), Facts.of(rec("2", "list.csv", **second))) == kinds


def test_the_list_is_the_member_and_month_when_known():
    """One file holding several members' lists (the scale file): each is its own list."""
    values = {"surname": "Мороз", "given_name": "Дмитро", "record_id": "1",
              "source_org": "CHRG", "list_month": "2024-10"}
    a = Record.from_canonical("all.csv", values)
    b = Record.from_canonical("all.csv", {**values, "record_id": "2", "list_month": "2024-11"})
    c = Record.from_canonical("all.csv", {**values, "record_id": "3"})
    assert SAME_LIST not in pair_conflicts(Facts.of(a), Facts.of(b))
    assert SAME_LIST in pair_conflicts(Facts.of(a), Facts.of(c))


@pytest.mark.parametrize(("fields", "thin"), [
    (dict(patronymic="Іванович", date_of_birth="1956-02-21"), False),
    (dict(patronymic="Іванович"), True),
    (dict(patronymic="Іванович", date_of_birth="1956"), True),
    (dict(patronymic="І.", date_of_birth="1956-02-21"), True),
    (dict(date_of_birth="1956-02-21"), True),
])
def test_thin_records(fields, thin):
    assert is_thin(rec("1", **fields)) is thin


def test_conflicts_say_which_records_and_which_fact():
    person = [rec("1", "x.csv", date_of_birth="1956-02-21"),
              rec("2", "y.csv"),
              rec("3", "z.csv", date_of_birth="1978-01-29")]
    found = conflicts(person)
    assert [(c.kind, c.left, c.right) for c in found] == [
        (DATE_OF_BIRTH, ("x.csv", "1"), ("z.csv", "3"))]
    assert found[0].left_value == "1956-02-21"
    assert "x.csv #1 and z.csv #3 differ in dates of birth" in found[0].explain()
    decided = {frozenset({("x.csv", "1"), ("z.csv", "3")})}
    assert conflicts(person, same=decided) == []


def test_same_person_on_a_pair_that_would_join_a_third_conflicting_person_is_refused():
    """A thin record already sits with one namesake; 'same' with the other joins all three."""
    namesake_a = [rec("a", "x.csv", date_of_birth="1956-02-21"), rec("c", "z.csv")]
    namesake_b = [rec("b", "y.csv", date_of_birth="1978-01-29")]
    decided = {frozenset({("z.csv", "c"), ("y.csv", "b")})}  # the reviewer's pair
    found = join_conflicts(namesake_a, namesake_b, same=decided)
    assert [(c.kind, c.left, c.right) for c in found] == [
        (DATE_OF_BIRTH, ("x.csv", "a"), ("y.csv", "b"))]
    assert join_conflicts([rec("c", "z.csv")], namesake_b, same=decided) == []


def _namesake_family(extra_people: int, seed: int = 5):
    """Ten men named Асанов Рустем Ернестович, four members' lists, two months."""
    rng = random.Random(seed)
    births = [f"{1950 + 4 * k}-{1 + k % 12:02d}-{3 + 2 * k:02d}" for k in range(10)]
    records, truth = [], {}
    for month in ("2024-10", "2024-11"):
        for org in ("CHRG", "ZMINA", "MIHR", "CCL"):
            file = f"{org}_{month}.csv"
            for person, born in enumerate(births):
                first = (org, month) == ("CHRG", "2024-10")  # lists everyone, dated
                if rng.random() < 0.25 and not first:
                    continue  # not on this member's list
                dated = rng.random() < 0.7 or first
                r = Record(file, f"N{person}", surname="Асанов", given_name="Рустем",
                           patronymic="Ернестович", date_of_birth=born if dated else None,
                           region="UA-43")
                records.append(r)
                truth[r.key] = f"namesake-{person}"
            for person in range(extra_people):  # other people, so the model is estimated
                r = Record(file, f"X{person}", surname=f"Прізвище{person % 97}",
                           given_name=rng.choice(["Олег", "Ігор", "Сергій", "Андрій"]),
                           patronymic=rng.choice(["Іванович", "Петрович", "Олегович"]),
                           date_of_birth=f"{1950 + person % 50}-{1 + person % 12:02d}-"
                                         f"{1 + person % 28:02d}")
                records.append(r)
                truth[r.key] = f"other-{person}"
    return records, truth


@pytest.mark.parametrize("extra_people", [0, 150])
def test_a_family_of_ten_namesakes_stays_ten_persons(extra_people):
    records, truth = _namesake_family(extra_people)
    result = link_records(records)
    namesakes = [r.key for r in records if truth[r.key].startswith("namesake")]
    holders: dict[str, set[str]] = {}
    for key in namesakes:
        holders.setdefault(result.clusters[key], set()).add(truth[key])
    assert all(len(people) == 1 for people in holders.values()), "two namesakes in one person"
    dated = {result.clusters[r.key] for r in records
             if truth[r.key].startswith("namesake") and r.date_of_birth}
    assert len(dated) == 10
    alone = {it.record for it in result.review_items}
    undated = [r.key for r in records if truth[r.key].startswith("namesake")
               and not r.date_of_birth and result.clusters[r.key] not in dated]
    assert set(undated) <= alone, "a record attached to none goes to review"


def test_batch_and_incremental_linking_agree_on_the_namesake_family():
    """Month by month against the registry, or both months at once: the same persons."""
    records, truth = _namesake_family(150)
    batch = link_records(records)
    first = [r for r in records if r.file.endswith("2024-10.csv")]
    second = [r for r in records if r.file.endswith("2024-11.csv")]
    month = link_records(first, batch.model)
    persons = {}
    for r in first:
        persons.setdefault(month.clusters[r.key], []).append(r)
    registry = [Person(pid, tuple(rs)) for pid, rs in persons.items()]
    later = link_incremental(second, registry, batch.model)
    both = {**month.clusters, **later.clusters}
    held = {it.record for it in batch.review_items + month.review_items + later.review_items}

    def together(clusters):
        keys = sorted(k for k in clusters if k not in held)
        return {(a, b) for n, a in enumerate(keys) for b in keys[n + 1:]
                if clusters[a] == clusters[b]}

    assert together(both) == together(batch.clusters)
    people = {}
    for key, cid in both.items():
        people.setdefault(cid, set()).add(truth[key])
    assert all(len(p) == 1 for p in people.values())


def test_the_date_rule_for_many_pairs_is_the_date_rule_for_one():
    """The engine checks dates in numpy; the app one pair at a time: the same answers."""
    rng = random.Random(11)
    pairs = []
    for _ in range(5000):
        a = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(27000))
        y, m, d = a.year + rng.choice([0, 0, 1, -1, 2, 7]), a.month, a.day
        if rng.random() < 0.3 and d <= 12:
            m, d = d, m
        if rng.random() < 0.3:
            d = rng.randrange(1, 29)
        pairs.append(((a.year, a.month, a.day), (y, m, d)))
    left, right = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    many = full_dates_close(*left.T, *right.T)
    assert many.tolist() == [dates_compatible({x, y}) for x, y in pairs]
    assert 0.2 < many.mean() < 0.9  # both answers occur
    years = years_close(left[:, 0], right[:, 0])
    assert years.tolist() == [year_slip_apart(x[0], y[0]) for x, y in pairs]


def test_conflicts_compare_distinct_facts_yet_find_every_pair():
    """`conflicts` skips pairs of repeated facts; it finds exactly what every pair gives."""
    import random

    from matching import constraints

    def every_pair(records):
        ordered = sorted(records, key=lambda r: r.key)
        return constraints._explained(
            ((a, b) for k, a in enumerate(ordered) for b in ordered[k + 1:]), frozenset())

    names = [("Іваненко", "Олег", "Петрович"), ("Іваненко", "Олег", "Павлович"),
             ("Іваненко", "Ольга", "Петрівна"), ("Ivanenko", "Oleh", ""), ("Іваненко", "О.", "")]
    dates = ["1970-01-02", "1970-02-01", "1971-01-02", "1985-05-05", "1970", ""]
    rnd = random.Random(5)
    for _ in range(200):
        records = []
        for k in range(rnd.randint(2, 25)):
            surname, given, patronymic = rnd.choice(names)
            records.append(rec(str(k), f"L{rnd.randint(0, 4)}", surname=surname,
                               given_name=given, patronymic=patronymic,
                               date_of_birth=rnd.choice(dates), sex=rnd.choice(["", "M", "F"])))
        assert conflicts(records) == every_pair(records)

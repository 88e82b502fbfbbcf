"""The clustering guard: no chaining of two different people through a third record."""

import numpy as np
import pytest

from matching import Record
from matching.cluster import ClusterGuard, Clusters, cluster_links, full_date_level
from matching.features import Features


def rec(rid, **fields):
    return Record(file="t.csv", record_id=rid, **fields)


@pytest.mark.parametrize(("left", "right", "expected"), [
    ((1985, 3, 12), (1985, 3, 12), "exact"),
    ((1985, 3, 12), (1985, 12, 3), "day_month_swapped"),
    ((1985, 3, 12), (1986, 3, 12), "one_year_apart"),
    ((1985, 3, 12), (1985, 3, 13), "one_part_differs"),
    ((1985, 3, 12), (1990, 7, 1), "different"),
])
def test_full_date_level(left, right, expected):
    assert full_date_level(left, right) == expected


def _cluster(records, links):
    f = Features(records)
    i = np.array([a for a, _ in links])
    j = np.array([b for _, b in links])
    weights = np.arange(len(links), 0, -1, dtype=float)  # first link strongest
    clusters, refused, _ = cluster_links(f, i, j, weights)
    labels = clusters.labels()
    return [int(x) for x in labels], refused.tolist()


def test_twins_are_not_chained_through_an_initials_record():
    """Twins: same surname, patronymic and DOB, different given names; C has initials only."""
    records = [
        rec("a", surname="Коваленко", given_name="Олег", patronymic="Миколайович",
            date_of_birth="1990-05-01"),
        rec("b", surname="Коваленко", given_name="Олександр", patronymic="Миколайович",
            date_of_birth="1990-05-01"),
        rec("c", surname="Коваленко", given_name="О.", patronymic="М."),
    ]
    labels, refused = _cluster(records, [(0, 2), (1, 2)])
    assert labels[0] != labels[1]
    assert labels[0] == labels[2]
    assert refused == [False, True]


@pytest.mark.parametrize(("a", "b", "merged"), [
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="1978-01-29"), False),  # namesakes
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="1956-21-02"), True),  # swapped
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="1957-02-21"), True),  # year off
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="1956"), True),  # partial
    (dict(sex="M"), dict(sex="F"), False),
    (dict(patronymic="Сергійович"), dict(patronymic="Сергеевич"), True),
    (dict(patronymic="Сергійович"), dict(patronymic="Іванович"), False),  # father and son
])
def test_namesakes_are_not_chained(a, b, merged):
    """A and B are joined only through C (same name, nothing else known)."""
    records = [
        rec("a", surname="Мороз", given_name="Дмитро", **a),
        rec("b", surname="Мороз", given_name="Дмитро", **b),
        rec("c", surname="Мороз", given_name="Дмитро"),
    ]
    labels, _ = _cluster(records, [(0, 2), (1, 2)])
    assert bool(labels[0] == labels[1]) is merged


def test_swapped_name_order_is_no_given_name_conflict():
    records = [rec("a", surname="Мороз", given_name="Олег"),
               rec("b", surname="Олег", given_name="Мороз")]
    labels, refused = _cluster(records, [(0, 1)])
    assert labels[0] == labels[1]
    assert refused == [False]


def test_guard_only_checks_the_active_fields():
    records = [rec("a", surname="Мороз", sex="M"), rec("b", surname="Мороз", sex="F")]
    f = Features(records)
    clusters = Clusters(f, ClusterGuard(f, active=frozenset()))
    assert clusters.try_merge(0, 1) is None
    strict = Clusters(f)
    assert strict.try_merge(0, 1) == "different sex"


def test_anchored_persons_are_never_merged():
    records = [rec("a", surname="Мороз"), rec("b", surname="Мороз")]
    clusters = Clusters(Features(records))
    clusters.anchor([0], "P1")
    clusters.anchor([1], "P2")
    assert clusters.try_merge(0, 1) == "two registry persons"


@pytest.mark.parametrize(("w_first", "w_second", "left_alone"), [
    (20.0, 19.5, True),  # as strong a link into either namesake: nobody's record
    (20.0, 12.0, False),  # clearly closer to the first
])
def test_a_record_as_close_to_two_namesakes_is_left_alone(w_first, w_second, left_alone):
    records = [
        rec("a", surname="Мороз", given_name="Дмитро", date_of_birth="1956-02-21"),
        rec("b", surname="Мороз", given_name="Дмитро", date_of_birth="1978-01-29"),
        rec("c", surname="Мороз", given_name="Дмитро"),
    ]
    f = Features(records)
    clusters, refused, alone = cluster_links(
        f, np.array([0, 1]), np.array([2, 2]), np.array([w_first, w_second]), margin=1.0)
    labels = clusters.labels().tolist()
    assert (alone.tolist() == [2]) is left_alone
    assert (labels[2] not in (labels[0], labels[1])) is left_alone
    assert labels[0] != labels[1]


@pytest.mark.parametrize(("dates", "links", "outweighed", "merged"), [
    # a date replaced in one record, place of birth outweighing the conflict: one person
    (("1956-02-21", "1978-01-29", None), [(0, 1)], True, True),
    (("1956-02-21", "1978-01-29", None), [(0, 1)], False, False),
    # the first date is confirmed by a second record: namesakes, whatever the place says
    (("1956-02-21", "1978-01-29", "1956-02-21"), [(0, 2), (1, 2)], True, False),
    # the confirmed date is confirmed by a record without a date: still one dated record
    (("1956-02-21", "1978-01-29", None), [(0, 2), (1, 2)], True, True),
])
def test_a_date_conflict_is_let_through_only_when_outweighed(dates, links, outweighed, merged):
    records = [rec(rid, surname="Мороз", given_name="Дмитро", date_of_birth=d,
                   place_of_birth="Бахчисарай") for rid, d in zip("abc", dates, strict=True)]
    f = Features(records)
    i = np.array([a for a, _ in links])
    j = np.array([b for _, b in links])
    weights = np.arange(len(links), 0, -1, dtype=float)
    clusters, _, _ = cluster_links(f, i, j, weights,
                                   date_outweighed=np.full(len(links), outweighed))
    labels = clusters.labels()
    assert bool(labels[0] == labels[1]) is merged

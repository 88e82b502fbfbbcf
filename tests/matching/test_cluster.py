"""Clustering under the constraints: no chaining of different people through a third record."""

import numpy as np
import pytest

from matching import Record
from matching.cluster import Clusters, cluster_pairs, components
from matching.constraints import facts_of_features
from matching.features import Features


def rec(rid, file="t.csv", **fields):
    return Record(file=file, record_id=rid, **fields)


def _cluster(records, links, probabilities=None, margin=None):
    """Cluster records given (a, b) links, the first the most probable."""
    f = Features(records)
    i = np.array([a for a, _ in links])
    j = np.array([b for _, b in links])
    prob = (np.array(probabilities, dtype=float) if probabilities is not None
            else np.linspace(0.99, 0.9, len(links)))
    thin = ~f.full_dob | (f.pt < 0)
    result = cluster_pairs(facts_of_features(f), i, j, prob, np.zeros(len(links)),
                           link=0.5, candidate=0.1, thin=thin, margin=margin)
    labels = result.clusters.labels()
    return [int(x) for x in labels], result


def test_twins_are_not_chained_through_an_initials_record():
    """Twins: same surname, patronymic and DOB, different given names; C has initials only."""
    records = [
        rec("a", "x.csv", surname="Коваленко", given_name="Олег", patronymic="Миколайович",
            date_of_birth="1990-05-01"),
        rec("b", "y.csv", surname="Коваленко", given_name="Олександр", patronymic="Миколайович",
            date_of_birth="1990-05-01"),
        rec("c", "z.csv", surname="Коваленко", given_name="О.", patronymic="М."),
    ]
    labels, result = _cluster(records, [(0, 2), (1, 2)])
    assert labels[0] != labels[1]
    assert labels[0] == labels[2]
    assert result.refused == {1: "given_name"}


@pytest.mark.parametrize(("a", "b", "merged"), [
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="1978-01-29"), False),  # namesakes
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="1956-21-02"), True),  # swapped
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="1957-02-21"), True),  # year off
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="1956-02-27"), True),  # a typo
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="1956"), True),  # partial
    (dict(date_of_birth="1956-02-21"), dict(date_of_birth="1978"), False),  # 22 years apart
    (dict(sex="M"), dict(sex="F"), False),
    (dict(patronymic="Сергійович"), dict(patronymic="Сергеевич"), True),
    (dict(patronymic="Сергійович"), dict(patronymic="Іванович"), False),  # father and son
])
def test_namesakes_are_not_chained(a, b, merged):
    """A and B are joined only through C (same name, nothing else known), all three lists."""
    records = [
        rec("a", "x.csv", surname="Мороз", given_name="Дмитро", **a),
        rec("b", "y.csv", surname="Мороз", given_name="Дмитро", **b),
        rec("c", "z.csv", surname="Мороз", given_name="Дмитро"),
    ]
    labels, _ = _cluster(records, [(0, 2), (1, 2)])
    assert bool(labels[0] == labels[1]) is merged


@pytest.mark.parametrize(("second", "merged"), [
    (dict(given_name="Дмитро", date_of_birth="1956-02-21"), True),  # a duplicate row
    (dict(given_name="Дмитро", date_of_birth="1956-02-21", patronymic=None), True),
    (dict(given_name="Дмитро"), False),  # no date: maybe a namesake
    (dict(given_name="Дмитро", date_of_birth="1956-02-22"), True),  # a typo in the copy
])
def test_one_list_holds_a_person_once_unless_the_rows_are_near_identical(second, merged):
    first = dict(surname="Мороз", given_name="Дмитро", patronymic="Іванович",
                 date_of_birth="1956-02-21")
    records = [rec("a", "list.csv", **first),
               rec("b", "list.csv", surname="Мороз", **{"patronymic": "Іванович", **second})]
    labels, result = _cluster(records, [(0, 1)])
    assert bool(labels[0] == labels[1]) is merged
    assert (result.refused == {}) is merged


def test_swapped_name_order_is_no_given_name_conflict():
    records = [rec("a", "x.csv", surname="Мороз", given_name="Олег"),
               rec("b", "y.csv", surname="Олег", given_name="Мороз")]
    labels, result = _cluster(records, [(0, 1)])
    assert labels[0] == labels[1]
    assert result.refused == {}


def test_anchored_persons_are_never_merged():
    records = [rec("a", "x.csv", surname="Мороз"), rec("b", "y.csv", surname="Мороз")]
    clusters = Clusters(facts_of_features(Features(records)))
    clusters.anchor([0], "P1")
    clusters.anchor([1], "P2")
    assert clusters.try_merge(0, 1) == "two registry persons"


def test_an_anchored_person_keeps_what_a_coordinator_decided():
    """A person holding two dates (decided) still takes a record matching one of them."""
    records = [rec("a", "x.csv", surname="Мороз", date_of_birth="1956-02-21"),
               rec("b", "y.csv", surname="Мороз", date_of_birth="1978-01-29"),
               rec("c", "z.csv", surname="Мороз", date_of_birth="1978-01-29"),
               rec("d", "w.csv", surname="Мороз", date_of_birth="1990-07-01")]
    clusters = Clusters(facts_of_features(Features(records)))
    clusters.anchor([0, 1], "P1")
    assert clusters.try_merge(0, 2) is None
    assert clusters.try_merge(0, 3) == "date_of_birth"


def test_an_anchored_person_whose_records_agree_keeps_every_check():
    """Only a disagreement a person holds is waived: names still count for the others."""
    records = [rec("a", "x.csv", surname="Олійник", given_name="Леонід", patronymic="Артемович",
                   date_of_birth="1968-03-21"),
               rec("b", "y.csv", surname="Олійник", given_name="Леонід", patronymic="Артемович",
                   date_of_birth="1968-03-21"),
               rec("c", "z.csv", surname="Oliinyk", given_name="Pavel",
                   date_of_birth="1968-03-21")]
    clusters = Clusters(facts_of_features(Features(records)))
    clusters.anchor([0, 1], "P1")
    assert clusters.try_merge(0, 2) == "given_name"


@pytest.mark.parametrize(("p_first", "p_second", "left_alone"), [
    (0.95, 0.94, True),  # as probable into either namesake: nobody's record
    (0.95, 0.2, False),  # clearly the first
])
def test_a_thin_record_as_close_to_two_namesakes_is_left_alone(p_first, p_second, left_alone):
    records = [
        rec("a", "x.csv", surname="Мороз", given_name="Дмитро", date_of_birth="1956-02-21"),
        rec("b", "y.csv", surname="Мороз", given_name="Дмитро", date_of_birth="1978-01-29"),
        rec("c", "z.csv", surname="Мороз", given_name="Дмитро"),
    ]
    labels, result = _cluster(records, [(0, 2), (1, 2)], [p_first, p_second], margin=1.0)
    assert (result.ambiguous.tolist() == [2]) is left_alone
    assert (labels[2] not in (labels[0], labels[1])) is left_alone
    assert labels[0] != labels[1]


def test_components_join_clusters_through_pairs():
    labels = np.array([0, 0, 2, 3, 4])
    comp = components(labels, np.array([1, 3]), np.array([2, 4]))
    assert comp.tolist() == [0, 0, 0, 3, 3]

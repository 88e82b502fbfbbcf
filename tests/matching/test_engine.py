"""The engine end to end: linking, determinism, incremental mode, bad input, the model."""

import csv
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from matching import (
    MatchModel,
    NothingToLink,
    Person,
    Record,
    link_incremental,
    link_records,
)
from matching.blocking import candidate_pairs
from matching.comparisons import COMPARISONS, compare_pairs
from matching.features import Features
from matching.model import expectation_maximisation
from matching.scoring import match_weights, term_frequencies, tf_adjustments

SCALE = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev" / "scale"
EVERY_NTH_PERSON = 30


@pytest.fixture(scope="module")
def sample():
    """All rows of every 30th person of the 100k scale file (canonical columns), with truth."""
    if not (SCALE / "records_100k.csv").exists():
        pytest.skip("shared dev data not available")
    with open(SCALE / "truth_100k.csv", encoding="utf-8") as fh:
        truth = {r["record_id"]: r["person_id"] for r in csv.DictReader(fh)}
    chosen = set(sorted(set(truth.values()))[::EVERY_NTH_PERSON])
    with open(SCALE / "records_100k.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if truth[r["record_id"]] in chosen]
    records = [Record.from_canonical("records_100k.csv", r) for r in rows]
    return records, {("records_100k.csv", r.record_id): truth[r.record_id] for r in records}


def _pairs(labels):
    return sum(n * (n - 1) // 2 for n in Counter(labels).values())


def pairwise_f1(clusters, truth):
    keys = sorted(truth)
    tp = _pairs([(truth[k], clusters[k]) for k in keys])
    p = tp / _pairs([clusters[k] for k in keys])
    r = tp / _pairs([truth[k] for k in keys])
    return p, r, 2 * p * r / (p + r)


@pytest.fixture(scope="module")
def linked(sample):
    return link_records(sample[0], explain=True)


def test_links_the_sample_well(sample, linked):
    precision, recall, f1 = pairwise_f1(linked.clusters, sample[1])
    assert precision >= 0.98
    assert recall >= 0.97
    assert f1 >= 0.98


def test_every_record_gets_a_cluster(sample, linked):
    assert set(linked.clusters) == {r.key for r in sample[0]}


def _partition(clusters):
    groups = {}
    for key, cid in clusters.items():
        groups.setdefault(cid, set()).add(key)
    return sorted(sorted(g) for g in groups.values())


def test_same_input_in_another_order_gives_the_same_persons(sample, linked):
    shuffled = list(sample[0])
    random.Random(7).shuffle(shuffled)
    again = link_records(shuffled)
    assert _partition(again.clusters) == _partition(linked.clusters)


def test_same_input_gives_identical_output(sample, linked):
    again = link_records(sample[0])
    assert again.clusters == linked.clusters
    assert again.model.to_json() == linked.model.to_json()


def test_pairs_are_explained(linked):
    pair = linked.links[0]
    assert pair.decision == "link"
    assert [c.comparison for c in pair.explanation] == ["prior"] + [c.name for c in COMPARISONS]
    assert pair.weight == pytest.approx(sum(c.weight for c in pair.explanation), abs=0.02)
    assert 0.0 <= pair.probability <= 1.0
    assert "surname=" in pair.explain()


def test_review_items_list_every_candidate_most_consequential_first(linked):
    items = linked.review_items
    assert items, "the sample has records to review"
    assert [it.priority for it in items] == sorted((it.priority for it in items), reverse=True)
    for item in items:
        assert item.candidates
        assert len({c.cluster for c in item.candidates}) == len(item.candidates)
        if any(c.current for c in item.candidates):  # one left alone lists every candidate
            assert all(c.probability >= linked.model.review_threshold or c.current
                       for c in item.candidates)
        assert item.cluster == linked.clusters[item.record]
    flat = {(p.left, p.right) for p in linked.review}
    assert all((c.pair.left, c.pair.right) in flat for it in items for c in it.candidates)


def test_model_round_trips_through_json(linked, tmp_path):
    path = tmp_path / "model.json"
    linked.model.save(path)
    assert MatchModel.load(path) == linked.model


def test_model_of_another_engine_is_refused():
    text = MatchModel.initial().to_json().replace('"surname"', '"family_name"')
    with pytest.raises(ValueError, match="do not match"):
        MatchModel.from_json(text)


def test_saved_model_gives_the_same_clusters(sample, linked):
    model = MatchModel.from_json(linked.model.to_json())
    again = link_records(sample[0], model)
    assert again.clusters == linked.clusters


def test_incremental_joins_new_records_to_existing_persons(sample, linked):
    records = sample[0]
    half = len(records) // 2
    old, new = records[:half], records[half:]
    first = link_records(old, linked.model)
    persons = [Person(f"P{cid}", tuple(r for r in old if first.clusters[r.key] == cid))
               for cid in sorted(set(first.clusters.values()))]
    result = link_incremental(new, persons, linked.model)
    assert set(result.clusters) == {r.key for r in new}
    joined = [cid for cid in result.clusters.values() if not cid.startswith("NEW-")]
    assert len(joined) > len(new) // 2
    # the batch result agrees with linking everything at once for the joined records
    truth = sample[1]
    by_person = {p.person_id: truth[p.records[0].key] for p in persons}
    right = sum(by_person[cid] == truth[key] for key, cid in result.clusters.items()
                if cid in by_person)
    assert right / len(joined) >= 0.97


def test_incremental_never_merges_two_existing_persons():
    a = Record("old.csv", "1", surname="Мороз", given_name="Дмитро")
    b = Record("old.csv", "2", surname="Мороз", given_name="Дмитро")
    new = Record("new.csv", "9", surname="Мороз", given_name="Дмитро")
    model = MatchModel.initial()
    result = link_incremental([new], [Person("P1", (a,)), Person("P2", (b,))], model)
    assert result.clusters[new.key] in {"P1", "P2", "NEW-000001"}


def test_a_row_listed_twice_does_not_keep_its_twin_from_another_list_out():
    """The new rows A-2 (ARPPK, a second row of the person in that list) and P-2 (PRPP),
    identical in every fact, come as one cluster; the person already holds ARPPK's row of
    the month (its own id, no date). P-2 joins the person; A-2 stays apart, for review."""
    name = {"surname": "Сірий", "given_name": "Максим", "patronymic": "Вікторович"}
    held = (Record("ARPPK:2024-10", "A-1", **name, date_of_birth="1972-07-24", sex="M"),
            Record("ARPPK:2024-11", "A-1", **name, sex="M"),
            Record("PRPP:2024-10", "P-1", **name, date_of_birth="1972-07-24"))
    twice = Record("ARPPK:2024-11", "A-2", **name, date_of_birth="1972-07-24", sex="M")
    other = Record("PRPP:2024-11", "P-2", **name, date_of_birth="1972-07-24", sex="M")
    result = link_incremental([twice, other], [Person("P1", held)], MatchModel.default())
    assert result.clusters[other.key] == "P1"
    assert result.clusters[twice.key] != "P1"
    assert twice.key in {item.record for item in result.review_items}


def test_a_person_listed_twice_in_other_words_is_one_rival_not_two():
    """CCL lists the person twice, each row with a typo in the patronymic; CHRG once. The
    two CCL rows are near-identical (one person listed twice), so CHRG's row is not
    shared between them as if they were two namesakes: all three are one person."""
    name = {"surname": "Асанов", "given_name": "Рустем", "date_of_birth": "1949-08-08",
            "sex": "M", "region": "UA-43"}
    first = Record("CCL:2024-10", "63", **name, patronymic="Епнестович")
    second = Record("CCL:2024-10", "119", **name, patronymic="Ертестович")
    other = Record("CHRG:2024-10", "83", **name, patronymic="Ернестович")
    result = link_records([first, second, other], MatchModel.default())
    assert len({result.clusters[r.key] for r in (first, second, other)}) == 1


@pytest.mark.parametrize("call", [
    lambda: link_records([]),
    lambda: link_incremental([], [Person("P1", (Record("a", "1", surname="X"),))],
                             MatchModel.initial()),
])
def test_nothing_to_link_is_a_clear_error(call):
    with pytest.raises(NothingToLink):
        call()


def test_records_with_only_initials_are_linked_gracefully():
    records = [Record("a.csv", str(k), surname="Коваленко", given_name="О.", patronymic="М.")
               for k in range(5)]
    result = link_records(records)
    assert set(result.clusters) == {r.key for r in records}


def test_a_single_record_is_its_own_person():
    result = link_records([Record("a.csv", "1", surname="Мороз")])
    assert list(result.clusters.values()) == ["C000001"]


def test_block_cap_bounds_the_pairs():
    records = [Record("a.csv", str(k), surname="Шевченко", given_name="Сергій")
               for k in range(300)]
    f = Features(records)
    i, _, stats = candidate_pairs(f, max_block=50)
    assert len(i) == 0
    assert stats.capped_blocks["surname+given_class"] == 1


@pytest.mark.parametrize(("left", "right"), [
    # one typo anywhere still leaves the pair in some block
    (dict(surname="Шевченко", given_name="Сергій", date_of_birth="1980-01-02"),
     dict(surname="Шевчекно", given_name="Сергій", date_of_birth="1980-01-02")),
    (dict(surname="Шевченко", given_name="Сергій", date_of_birth="1980-01-02"),
     dict(surname="Шевченко", given_name="Сергйі", date_of_birth="1980-01-02")),
    (dict(surname="Шевченко", given_name="Сергій", date_of_birth="1980-01-02"),
     dict(surname="Шевченко", given_name="Сергій", date_of_birth="1980-02-01")),
    (dict(surname="Шевченко", given_name="Сергій", patronymic="Іванович"),
     dict(surname="Шевченко", given_name="С.", patronymic="І.")),
    (dict(surname="Шевченко", given_name="Сергій", patronymic="Іванович", region="UA-43"),
     dict(surname="Шевчеенко", given_name="Сергей", patronymic="Иванович", region="UA-43")),
    # name order swapped, date of birth replaced
    (dict(surname="Шевченко", given_name="Сергій", date_of_birth="1980-01-02"),
     dict(surname="Сергій", given_name="Шевченко", date_of_birth="1957-11-30")),
    # surname typo in its first consonants, date of birth replaced
    (dict(surname="Шевченко", given_name="Сергій", date_of_birth="1980-01-02"),
     dict(surname="Шквченко", given_name="Сергій", date_of_birth="1957-11-30")),
    # surname replaced, given name typo, place of birth kept
    (dict(surname="Шевченко", given_name="Сергій", place_of_birth="Сімферополь"),
     dict(surname="Мельник", given_name="Срегій", place_of_birth="Сімферополь")),
])
def test_one_typo_does_not_lose_the_pair(left, right):
    f = Features([Record("a", "1", **left), Record("b", "2", **right)])
    i, j, _ = candidate_pairs(f)
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 1)]


def test_em_recovers_known_parameters():
    """Simulated pairs drawn from a known model: EM finds m and the prior again."""
    rng = np.random.default_rng(1)
    true_m = {0: [0.9, 0.04, 0.03, 0.02, 0.01], 1: [0.85, 0.08, 0.03, 0.02, 0.02]}
    model = MatchModel.initial()
    n_match, n_non = 4000, 36000
    levels = np.zeros((n_match + n_non, len(COMPARISONS)), dtype=np.int8)
    for k, c in enumerate(COMPARISONS):
        n = len(c.levels) - 1
        m = true_m.get(k, [1 / n] * n)
        u = [0.01] * (n - 1) + [1 - 0.01 * (n - 1)]
        model.comparisons[k].u = u
        levels[:n_match, k] = rng.choice(n, size=n_match, p=m)
        levels[n_match:, k] = rng.choice(n, size=n_non, p=u)
    expectation_maximisation(model, levels, fix_u=True, iterations=100)
    assert model.prior == pytest.approx(0.1, abs=0.01)
    assert model.comparisons[0].m[0] == pytest.approx(0.9, abs=0.03)
    assert model.comparisons[1].m[0] == pytest.approx(0.85, abs=0.03)


def test_compare_pairs_matrix_shape():
    f = Features([Record("a", "1", surname="X"), Record("a", "2", surname="X")])
    out = compare_pairs(f, np.array([0]), np.array([1]))
    assert out.shape == (1, len(COMPARISONS))


def test_ambiguous_records_are_left_alone_unless_asked_to_attach():
    def rec(rid, **fields):
        return Record(f"{rid}.csv", rid, surname="Мороз", given_name="Дмитро", **fields)

    records = [rec("a1", date_of_birth="1956-02-21", patronymic="Сергійович"),
               rec("a2", date_of_birth="1956-02-21"),
               rec("b1", date_of_birth="1978-01-29", patronymic="Сергійович"),
               rec("b2", date_of_birth="1978-01-29"),
               rec("c")]
    model = MatchModel.default()
    alone = link_records(records, model)
    joined = link_records(records, model, ambiguity=None).clusters
    c = ("c.csv", "c")
    assert joined[c] in {joined[("a1.csv", "a1")], joined[("b1.csv", "b1")]}
    assert alone.clusters[c] not in {alone.clusters[("a1.csv", "a1")],
                                     alone.clusters[("b1.csv", "b1")]}
    assert joined[("a1.csv", "a1")] != joined[("b1.csv", "b1")]
    item = next(it for it in alone.review_items if it.record == c)
    assert item.reason == "ambiguous"
    assert {cand.cluster for cand in item.candidates} >= {
        alone.clusters[("a1.csv", "a1")], alone.clusters[("b1.csv", "b1")]}


def test_a_common_place_of_birth_counts_for_less_than_a_rare_one():
    places = ["Сімферополь"] * 500 + [f"Село{chr(0x430 + k % 32)}{k}" for k in range(100)]
    places += ["Бахчисарай", "Бахчисарай"]
    records = [Record("a", str(k), surname="Мороз", place_of_birth=p)
               for k, p in enumerate(places)]
    f = Features(records)
    i, j = np.array([0, 600]), np.array([1, 601])
    levels = compare_pairs(f, i, j)
    model = MatchModel.initial()
    adj = tf_adjustments(model, term_frequencies(f), i, j, levels)
    weights = match_weights(model, levels, adj, model.prior_weight(len(records)))
    assert weights[1] > weights[0] + 5


def test_two_workers_find_the_same_persons_as_one(sample, linked, monkeypatch):
    import matching.partition

    monkeypatch.setattr(matching.partition, "PARALLEL_MIN_PAIRS", 0)
    forked = link_records(sample[0], workers=2)
    assert forked.clusters == link_records(sample[0], workers=1).clusters
    assert [it.record for it in forked.review_items] == [
        it.record for it in link_records(sample[0], workers=1).review_items]


def test_dates_are_a_constraint_unless_the_caller_leaves_them_out():
    """FEBRL-like data replace dates at random; member lists never do."""
    def rec(rid, born):
        return Record(f"{rid}.csv", rid, surname="Мороз", given_name="Дмитро",
                      patronymic="Сергійович", date_of_birth=born, place_of_birth="Бахчисарай",
                      region="UA-43")

    records = [rec("a", "1956-02-21"), rec("b", "1978-01-29")]
    model = MatchModel.default()
    strict = link_records(records, model).clusters
    loose = link_records(records, model, constraints=("sex", "same_list")).clusters
    assert strict[("a.csv", "a")] != strict[("b.csv", "b")]
    assert loose[("a.csv", "a")] == loose[("b.csv", "b")]

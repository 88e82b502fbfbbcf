"""The dashboard's figures on a known registry: counts asserted, and each number's list."""

from __future__ import annotations

import datetime as dt

import pytest

from repatriation.dashboard import PERSONS, cells, compute_dashboard
from repatriation.picture import matches, picture

AS_OF = dt.date(2025, 6, 30)  # the `known` registry's figures are worked out for this day


@pytest.fixture
def board(session, known):
    return compute_dashboard(session, as_of=AS_OF)


def _figure(board, key):
    figure = board.figure(key)
    return {line.key: [c.value for c in line.cells] for line in figure.lines}


def test_where_everyone_stands(board):
    assert board.total == 6
    assert board.latest_month == "2025-06"
    assert _figure(board, "overview") == {
        "held": [3], "freed": [0], "home": [1], "dead": [1], "none": [1], "all": [6]}
    stages = {k: v[0] for k, v in _figure(board, "by_stage").items() if v[0]}
    assert stages == {"listed": 2, "in_exchange": 1, "repatriated": 1, "deceased": 1,
                      "none": 1}


def test_counts_by_category_region_sex_and_age(board):
    assert {k: v for k, v in _figure(board, "by_category").items() if v[1]} == {
        "civilians": [2, 2], "war_crime_exchange": [1, 2], "unclassified": [0, 2]}
    assert _figure(board, "by_region") == {"UA-43": [2, 2], "UA-14": [1, 1],
                                           "unknown": [0, 3]}
    assert _figure(board, "by_sex") == {"M": [2, 3], "F": [1, 1], "unknown": [0, 2]}
    assert _figure(board, "by_age") == {"under_18": [1, 1], "18_34": [1, 1],
                                        "35_59": [0, 0], "60_plus": [1, 1],
                                        "unknown": [0, 3]}


def test_new_detentions_and_releases_per_month(board):
    months = _figure(board, "per_month")
    assert list(months)[:2] == ["earlier", "2023-07"]
    assert list(months)[-2:] == ["2025-06", "unknown"]
    assert {k: v for k, v in months.items() if any(v)} == {
        "earlier": [2, 0], "2024-06": [1, 0], "2025-02": [1, 0], "2025-03": [0, 1],
        "unknown": [2, 0]}


def test_time_held_by_category_and_since_2014(board):
    held = _figure(board, "time_held")
    # persons, median years, under 1, 1-3, 3-5, 5-10, 10+, date unknown
    assert held == {
        "war_crime_exchange": [1, 0.4, 1, 0, 0, 0, 0, 0],
        "civilians": [2, 6.1, 0, 1, 0, 0, 1, 0],
        "all": [3, 1.0, 1, 1, 0, 0, 1, 0],
    }
    assert _figure(board, "since_2014") == {"civilians": [1], "all": [1]}


def test_what_needs_attention(board):
    assert _figure(board, "attention") == {
        "unfounded": [1], "rehab_open": [1], "members_disagree": [1],
        "dropped_while_held": [0], "lists_contradict_stage": [0]}


def test_every_number_is_the_size_of_its_list(session, board):
    rows = picture(session, as_of=AS_OF)
    checked = 0
    for cell in cells(board, lambda c: c.endpoint == PERSONS and isinstance(c.value, int)):
        # a median is not a count: its list is the persons it is the median of
        assert sum(matches(r, dict(cell.filters)) for r in rows) == cell.value, cell
        checked += 1
    assert checked > 80


def test_a_member_editor_counts_only_the_persons_of_their_lists(session, known, org):
    board = compute_dashboard(session, as_of=AS_OF, organisation_id=org("CHRG").id)
    assert board.total == 2
    assert _figure(board, "overview")["held"] == [2]
    assert compute_dashboard(session, as_of=AS_OF, organisation_id=org("MIHR").id).total == 0

"""The transition table: every allowed move passes, a sample of wrong ones is refused."""

from __future__ import annotations

import pytest

from exchange.labels import label
from exchange.models import Stage
from repatriation.machine import (
    TransitionRefused,
    allowed_next,
    check_path,
    check_transition,
    group_of,
    stage_table,
    transitions,
)

ALLOWED = sorted(transitions(), key=lambda p: (p[0] or "", p[1]))


@pytest.mark.parametrize(("current", "new"), ALLOWED)
def test_every_allowed_transition_passes(current, new):
    check_transition(current, new)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (None, Stage.REHABILITATION),  # rehabilitation only after a return
        (None, Stage.CLOSED),
        (Stage.EXCHANGED, Stage.LISTED),  # no way back onto the list after an exchange
        (Stage.EXCHANGED, Stage.RELEASED),
        (Stage.REPATRIATED, Stage.IN_EXCHANGE),
        (Stage.REPATRIATED, Stage.EXCHANGED),
        (Stage.CLOSED, Stage.REPORTED),
        (Stage.DECEASED, Stage.RELEASED),  # a death is not undone by a move: correct it
        (Stage.DECEASED, Stage.LISTED),
        (Stage.LISTED, Stage.REPATRIATED),  # home only through a release or exchange
        (Stage.IN_EXCHANGE, Stage.REHABILITATION),
        (Stage.LISTED, Stage.REPORTED),  # the held stages only move forward
        (Stage.VERIFIED, Stage.IDENTIFIED),
        (Stage.RELEASED, Stage.REHABILITATION),
        (Stage.LISTED, Stage.LISTED),  # no move to where one already is
        (Stage.EXCLUDED, Stage.REPATRIATED),  # home only through a release or exchange
    ],
)
def test_wrong_transitions_are_refused_naming_both_stages(current, new):
    with pytest.raises(TransitionRefused) as refused:
        check_transition(current, new)
    message = str(refused.value)
    assert label("repatriation_stage", new, "en") in message
    assert (label("repatriation_stage", current, "en") if current else "no stage yet") in message
    assert (refused.value.current, refused.value.new) == (current, new)


def test_every_stage_has_a_row_and_is_reachable_from_no_stage():
    assert set(stage_table()) == set(Stage)
    reached, frontier = set(), [None]
    while frontier:
        current = frontier.pop()
        for stage in allowed_next(current):
            if stage not in reached:
                reached.add(stage)
                frontier.append(stage)
    assert reached == set(Stage)


def test_only_a_new_detention_leads_from_freedom_back_to_the_held_stages():
    back = {(a, b) for a, b in transitions()
            if group_of(a) in ("freed", "home", "dead") and group_of(b) == "held"}
    assert back == {(Stage.RELEASED, Stage.REPORTED)}


def test_closed_is_the_end_of_every_road():
    assert allowed_next(Stage.CLOSED) == []
    assert allowed_next(Stage.DECEASED) == [Stage.CLOSED]


def test_a_whole_road_home_is_a_legal_path():
    check_path([Stage.REPORTED, Stage.IDENTIFIED, Stage.VERIFIED, Stage.LISTED,
                Stage.IN_EXCHANGE, Stage.EXCHANGED, Stage.REPATRIATED, Stage.REHABILITATION,
                Stage.CLOSED])
    with pytest.raises(TransitionRefused):
        check_path([Stage.LISTED, Stage.EXCHANGED, Stage.LISTED])


def test_each_stage_stands_for_a_release_status_the_reports_know():
    assert {s: i.release_status.value for s, i in stage_table().items()
            if i.group != "held"} == {
        Stage.RELEASED: "released", Stage.EXCHANGED: "exchanged",
        Stage.REPATRIATED: "repatriated", Stage.REHABILITATION: "repatriated",
        Stage.CLOSED: "repatriated", Stage.DECEASED: "deceased",
    }
    assert stage_table()[Stage.MISSING].release_status.value == "missing"

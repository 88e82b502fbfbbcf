"""What a month's lists say about a person: an event, a flag or nothing (pure rules)."""

from __future__ import annotations

import pytest

from exchange.models import FlagKind, Stage
from repatriation.verdict import Claim, Standing, month_verdict

M = "2025-02"
HELD = Claim("CHRG", "1", "detained")
HELD_TOO = Claim("MIHR", "7", "detained")
EXCHANGED = Claim("CHRG", "1", "exchanged", "2025-02-14")
EXCHANGED_MONTH = Claim("ZMINA", "3", "exchanged", "2025-02")
RELEASED = Claim("MIHR", "7", "released")
DEAD = Claim("MIHR", "7", "deceased")
MISSING = Claim("CCL", "2", "missing")


def verdict(claims, stage=None, *, month_reached=None, voided=(), joint=True, excluded=False):
    standing = Standing(stage, month_reached, frozenset(voided))
    return month_verdict(claims, standing, month=M, joint=joint, excluded=excluded)


@pytest.mark.parametrize(
    ("claims", "stage", "joint", "excluded", "expected"),
    [
        ([HELD], None, True, False, Stage.LISTED),
        ([HELD], None, False, False, Stage.REPORTED),  # e.g. held but not on the joint list
        ([HELD, HELD_TOO], Stage.REPORTED, True, False, Stage.LISTED),
        ([HELD], Stage.LISTED, True, False, None),  # nothing new
        ([HELD], Stage.IN_EXCHANGE, True, False, None),  # a round knows better: not moved back
        ([HELD], Stage.VERIFIED, True, False, Stage.LISTED),
        ([HELD], Stage.LISTED, False, True, Stage.EXCLUDED),
        ([HELD], Stage.EXCLUDED, True, False, Stage.LISTED),  # exclusion withdrawn
        ([HELD], Stage.MISSING, True, False, Stage.LISTED),  # found again
        ([MISSING], Stage.LISTED, True, False, Stage.MISSING),
        ([EXCHANGED], Stage.LISTED, False, False, Stage.EXCHANGED),
        ([EXCHANGED, EXCHANGED_MONTH], Stage.LISTED, False, False, Stage.EXCHANGED),
        ([EXCHANGED, RELEASED], Stage.LISTED, False, False, Stage.EXCHANGED),  # furthest
        ([RELEASED], None, False, False, Stage.RELEASED),
        ([DEAD], Stage.IN_EXCHANGE, False, False, Stage.DECEASED),
        ([EXCHANGED], Stage.EXCHANGED, False, False, None),
        ([EXCHANGED], Stage.REPATRIATED, False, False, None),  # the list lags behind
        ([RELEASED], Stage.EXCHANGED, False, False, None),
        ([RELEASED], Stage.REHABILITATION, False, False, None),
    ],
)
def test_the_lists_move_a_person(claims, stage, joint, excluded, expected):
    result = verdict(claims, stage, joint=joint, excluded=excluded)
    assert result.flag is None
    assert result.stage == expected


@pytest.mark.parametrize(
    ("claims", "stage", "kwargs", "expected"),
    [
        ([EXCHANGED, HELD_TOO], Stage.LISTED, {}, FlagKind.MEMBERS_DISAGREE),
        ([RELEASED, HELD], None, {}, FlagKind.MEMBERS_DISAGREE),
        ([DEAD, EXCHANGED], Stage.LISTED, {}, FlagKind.MEMBERS_DISAGREE),  # dead and alive
        ([EXCHANGED], Stage.LISTED, {"voided": [Stage.EXCHANGED]},
         FlagKind.LISTS_CONTRADICT_STAGE),  # a coordinator voided that before
        ([RELEASED], Stage.DECEASED, {}, FlagKind.LISTS_CONTRADICT_STAGE),
        ([HELD], Stage.EXCHANGED, {"month_reached": "2025-01"},
         FlagKind.LISTS_CONTRADICT_STAGE),  # exchanged in January, listed as held in February
    ],
)
def test_doubts_are_flagged_not_resolved(claims, stage, kwargs, expected):
    result = verdict(claims, stage, **kwargs)
    assert (result.stage, result.flag) == (None, expected)


def test_a_list_drawn_up_in_the_month_of_the_exchange_is_no_contradiction():
    result = verdict([HELD], Stage.EXCHANGED, month_reached=M)
    assert (result.stage, result.flag) == (None, None)


def test_the_event_takes_the_most_precise_date_and_names_its_sources():
    result = verdict([EXCHANGED, EXCHANGED_MONTH], Stage.LISTED)
    assert result.occurred_on == "2025-02-14"
    assert [c.ref for c in result.sources] == ["CHRG:1", "ZMINA:3"]


def test_dates_that_contradict_each_other_give_no_date():
    other = Claim("ZMINA", "3", "exchanged", "2025-02-20")
    assert verdict([EXCHANGED, other], Stage.LISTED).occurred_on is None


def test_a_held_stage_event_is_dated_by_the_list_month():
    assert verdict([HELD], None).occurred_on == M

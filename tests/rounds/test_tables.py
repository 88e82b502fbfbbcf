"""The rounds' rule tables: complete, consistent with the classification rules, readable."""

from __future__ import annotations

import pytest

from exchange.classification.measures import measures
from exchange.classification.rules import ruleset
from exchange.labels import vocabularies
from exchange.models import MatchState, Outcome, ReplyStatus, RoundState, RoundType
from exchange.models.enums import Category
from exchange.models.round_file import FileKind
from exchange.rounds.identity import FLAGS
from exchange.rounds.tables import mechanisms, priority_groups, round_types, words

# vocabulary -> values the rounds store; every one needs an English and a Ukrainian label
STORED = {
    "round_type": RoundType,
    "round_state": RoundState,
    "reply_status": ReplyStatus,
    "outcome": Outcome,
    "match_state": MatchState,
    "file_kind": FileKind,
}


@pytest.mark.parametrize("vocabulary", sorted(STORED))
def test_every_stored_value_has_a_label(vocabulary):
    assert {m.value for m in STORED[vocabulary]} <= vocabularies()[vocabulary]


def test_priority_groups_and_identity_flags_have_labels():
    assert {g.key for g in priority_groups()} <= vocabularies()["priority_group"]
    assert set(FLAGS) <= vocabularies()["identity_flag"]


def test_each_measure_has_its_mechanism_quoted_from_the_measures():
    by_measure = {rule.key: rule for rule in ruleset().rules}
    for category, found in mechanisms().items():
        if category is Category.UNCLASSIFIED:
            assert found.round_type is None
            assert found.measure is None
            continue
        assert found.measure == by_measure[category.value].measure
        assert found.measure_text == measures()[found.measure].text
        assert found.measure_text["uk"]
        assert found.measure_title["uk"]
        assert found.rule["uk"]
        assert found.rule["en"]


def test_every_round_type_serves_a_category_and_exchanges_have_two_sides():
    served = {m.round_type for m in mechanisms().values() if m.round_type}
    assert served == set(round_types())
    assert {t for t, info in round_types().items() if info.sides == 2} == {RoundType.EXCHANGE}


@pytest.mark.parametrize(
    ("vocabulary", "cell", "value"),
    [
        ("reply_status", "Подтверждён", "confirmed"),
        ("reply_status", "подтверждено.", "confirmed"),
        ("reply_status", "НЕ НАЙДЕН", "not_found"),
        ("reply_status", "сведений нет", "not_found"),
        ("reply_status", "Отказано", "refused"),
        ("reply_status", "другое лицо", "different_person"),
        ("reply_status", "Підтверджено", "confirmed"),
        ("reply_status", "не знайдено", "not_found"),
        ("reply_status", "відмова", "refused"),
        ("reply_status", "інша особа", "different_person"),
        ("reply_status", "Confirmed", "confirmed"),
        ("reply_status", "not found", "not_found"),
        ("reply_status", "not held", "not_found"),
        ("reply_status", "held", "confirmed"),
        ("reply_status", "не подтверждено", None),  # a negation is not read as its opposite
        ("reply_status", "maybe", None),
        ("outcome", "Возвращён", "returned"),
        ("outcome", "не передан", "not_handed_over"),
        ("outcome", "отказался вернуться", "refused_to_return"),
        ("outcome", "помер", "died"),
        ("outcome", "Відмова повертатися", "refused_to_return"),
        ("outcome", "Не передано", "not_handed_over"),
    ],
)
def test_answer_words(vocabulary, cell, value):
    assert words(vocabulary).lookup(cell) == value


def test_a_user_can_add_a_word():
    extended = words("reply_status").extended([("не подтверждено", "not_found")])
    assert extended.lookup("Не подтверждено") == "not_found"
    assert words("reply_status").lookup("Не подтверждено") is None
    assert words("reply_status").extended([("отказ", "not_found")]).lookup("отказ") == "not_found"

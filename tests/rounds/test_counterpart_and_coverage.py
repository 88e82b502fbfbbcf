"""The other side's own list and the balance of an exchange; who falls through the rounds."""

from __future__ import annotations

import pytest

from exchange.audit import acting_as
from exchange.models import Outcome, ReplyStatus
from exchange.rounds import operations
from exchange.rounds.counterpart import balance, import_counterpart
from exchange.rounds.coverage import coverage, refused_not_again
from exchange.rounds.errors import FileRefused, RoundError

from .conftest import ACTOR, TODAY, xlsx

THEIR_LIST = [
    ["ФИО", "Дата рождения", "Статус", "Процессуальный статус", "Обвинение в военном преступлении"],
    ["Иванов Иван Иванович", "01.02.1990", "военнослужащий", "обвиняемый", "да"],
    ["Петров Пётр Петрович", "03.04.1985", "военнослужащий", "осужден", "да"],
    ["Сидоров Сидор Сидорович", "05.06.1979", "военнослужащий", "обвиняемый", "да"],
]


def test_an_exchange_shows_both_sides_and_the_balance(session, held, new_round, tmp_path):
    ours = [held("war_crime_exchange", surname=f"Бойко{n}") for n in range(2)]
    number = new_round("exchange", ["war_crime_exchange"])
    operations.add_persons(session, number, actor=ACTOR, today=TODAY,
                           person_ids=[p.id for p in ours])
    stored = import_counterpart(session, number, xlsx(tmp_path / "their.xlsx", THEIR_LIST),
                                actor=ACTOR)
    assert stored.counts == {"war_crime_exchange": 3}
    counted = balance(session, operations.get_round(session, number))
    assert (counted.ours, counted.theirs) == ({"war_crime_exchange": 2},
                                              {"war_crime_exchange": 3})
    assert counted.difference("war_crime_exchange") == -1


def test_a_one_sided_round_takes_no_counterpart_list(session, new_round, tmp_path):
    with pytest.raises(RoundError, match="one side only"):
        import_counterpart(session, new_round(), xlsx(tmp_path / "t.xlsx", THEIR_LIST),
                           actor=ACTOR)


def test_a_counterpart_list_with_a_bad_cell_is_refused(session, new_round, tmp_path):
    rows = [*THEIR_LIST, ["Кузнецов Кузьма", "31.02.1980", "военнослужащий", "обвиняемый", "да"]]
    number = new_round("exchange", ["war_crime_exchange"])
    with pytest.raises(FileRefused) as refused:
        import_counterpart(session, number, xlsx(tmp_path / "t.xlsx", rows), actor=ACTOR)
    assert refused.value.problems[0].row == 5


def test_coverage_counts_persons_on_no_round_and_the_refused(session, held, new_round):
    on_round, refused = held(surname="А"), held(surname="В")
    held(surname="Б")  # on no round from the start
    first = new_round()
    operations.add_persons(session, first, actor=ACTOR, today=TODAY,
                           person_ids=[on_round.id, refused.id])
    found = operations.get_round(session, first)
    with acting_as(session, ACTOR):
        entry = next(e for e in found.entries if e.person_id == refused.id)
        entry.reply_status = ReplyStatus.REFUSED
        session.commit()
    operations.cancel_round(session, first, actor=ACTOR, reason="refused by the other side")
    gaps = coverage(session)
    assert gaps.total("on_no_round", "non_violent_amnesty") == 3  # the round is cancelled
    assert [row[0] for row in session.execute(refused_not_again())] == [refused.id]
    # put forward again on a later round: no longer a gap
    second = new_round()
    operations.add_persons(session, second, actor=ACTOR, today=TODAY, person_ids=[refused.id])
    assert session.execute(refused_not_again()).all() == []
    assert coverage(session).total("on_no_round", "non_violent_amnesty") == 2


def test_not_handed_over_counts_as_refused(session, held, new_round):
    person = held()
    number = new_round()
    operations.add_persons(session, number, actor=ACTOR, today=TODAY, person_ids=[person.id])
    with acting_as(session, ACTOR):
        entry = operations.get_round(session, number).entries[0]
        entry.outcome, entry.open_person_id = Outcome.NOT_HANDED_OVER, None
        session.commit()
    assert [row[0] for row in session.execute(refused_not_again())] == [person.id]

"""The other side's reply in Russian matched back to our list; outcomes and the status they give."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from exchange.models import (
    MatchState,
    Outcome,
    ReleaseStatus,
    ReplyStatus,
    RoundEntry,
    RoundFile,
    RoundState,
    Stage,
    StatusEvent,
)
from exchange.rounds import operations
from exchange.rounds.errors import FileRefused, RoundError
from exchange.rounds.outcomes import import_outcomes, set_outcome
from exchange.rounds.replies import import_reply, resolve_row
from exchange.rounds.submission import submit_round

from .conftest import ACTOR, TODAY, xlsx

PERSONS = [  # Ukrainian in the registry; the reply writes them in Russian
    ("Щербак", "Олександр", "Петрович", "1980-03-12", "Щербак", "Александр", "Петрович"),
    ("Гнатюк", "Юрій", "Іванович", "1975-01-01", "Гнатюк", "Юрий", "Иванович"),
    ("Ковальчук", "Микола", "Степанович", "1969-07-30", "Ковальчук", "Николай", "Степанович"),
    ("Мельничук", "Ірина", "Олегівна", "1991-11-05", "Мельничук", "Ирина", "Олеговна"),
]
HEADER = ["№ п/п", "Фамилия", "Имя", "Отчество", "Дата рождения", "Результат проверки"]


@pytest.fixture
def sent(session, held, new_round):
    """A submitted round of the four persons; return (round number, persons)."""
    persons = [held(surname=s, given_name=g, patronymic=p, date_of_birth=d,
                    sex="F" if g == "Ірина" else "M") for s, g, p, d, *_ in PERSONS]
    number = new_round()
    operations.add_persons(session, number, actor=ACTOR, today=TODAY,
                           person_ids=[p.id for p in persons])
    submit_round(session, number, actor=ACTOR, today=TODAY)
    return number, persons


def _russian(row: tuple, status: str, n: int) -> list[object]:
    *_, ru_s, ru_g, ru_p = row
    born = row[3]
    return [n, ru_s, ru_g, ru_p, f"{born[8:]}.{born[5:7]}.{born[:4]}", status]


def test_a_russian_reply_is_matched_back(session, sent, tmp_path):
    number, persons = sent
    rows = [HEADER, _russian(PERSONS[0], "подтвержден", 1), _russian(PERSONS[1], "отказ", 2),
            _russian(PERSONS[2], "другое лицо", 3),
            [4, "Петренко", "Василий", "Иванович", "01.01.1950", "не найден"]]
    stored = import_reply(session, number, xlsx(tmp_path / "ответ.xlsx", rows), actor=ACTOR)
    assert stored.counts == {"confirmed": 1, "not_found": 0, "refused": 1,
                             "different_person": 1, "unmatched": 1, "review": 0,
                             "no_answer": 1}
    statuses = dict(session.execute(select(RoundEntry.person_id, RoundEntry.reply_status)).all())
    assert statuses == {persons[0].id: ReplyStatus.CONFIRMED, persons[1].id: ReplyStatus.REFUSED,
                        persons[2].id: ReplyStatus.DIFFERENT_PERSON,
                        persons[3].id: ReplyStatus.NO_ANSWER}
    assert stored.answer_column == "Результат проверки"
    assert operations.get_round(session, number).state is RoundState.VERIFIED


def test_an_unknown_status_refuses_the_whole_file(session, sent, tmp_path):
    number, _persons = sent
    rows = [HEADER, _russian(PERSONS[0], "подтвержден", 1), _russian(PERSONS[1], "отказ", 2),
            _russian(PERSONS[2], "подтвержден", 3), _russian(PERSONS[3], "уточняется", 4)]
    with pytest.raises(FileRefused) as refused:
        import_reply(session, number, xlsx(tmp_path / "r.xlsx", rows), actor=ACTOR)
    (problem,) = refused.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "r.xlsx", 5, "Результат проверки", "уточняется")
    assert session.scalar(select(func.count(RoundFile.id))) == 0
    assert operations.get_round(session, number).state is RoundState.SUBMITTED


def test_two_rows_for_one_person_wait_for_a_negotiator(session, sent, tmp_path):
    number, persons = sent
    rows = [HEADER, _russian(PERSONS[0], "подтвержден", 1), _russian(PERSONS[0], "отказ", 2)]
    stored = import_reply(session, number, xlsx(tmp_path / "r.xlsx", rows), actor=ACTOR)
    assert [r.match for r in stored.rows] == [MatchState.REVIEW, MatchState.REVIEW]
    assert {r.candidate_person_id for r in stored.rows} == {persons[0].id}
    resolve_row(session, stored.rows[0].id, persons[0].id, actor=ACTOR)
    with pytest.raises(RoundError, match="already matched"):
        resolve_row(session, stored.rows[1].id, persons[0].id, actor=ACTOR)
    resolve_row(session, stored.rows[1].id, None, actor=ACTOR)
    entry = session.scalar(select(RoundEntry).where(RoundEntry.person_id == persons[0].id))
    assert entry.reply_status is ReplyStatus.CONFIRMED


def _carried_out(session, number, tmp_path, persons):
    rows = [HEADER] + [_russian(p, "подтвержден", n) for n, p in enumerate(PERSONS, start=1)]
    import_reply(session, number, xlsx(tmp_path / "r.xlsx", rows), actor=ACTOR)
    operations.execute_round(session, number, actor=ACTOR, executed_on="2026-11-20")


def test_outcomes_by_person_id_change_the_status_of_the_returned(session, sent, tmp_path):
    number, persons = sent
    _carried_out(session, number, tmp_path, persons)
    rows = [["ID особи / Person ID", "Результат", "Причина"],
            [persons[0].id, "Возвращён", None], [persons[1].id, "не передан", "болен"],
            [persons[2].id, "умер", None], [persons[3].id, "отказалась вернуться", None]]
    counts = import_outcomes(session, number, xlsx(tmp_path / "o.xlsx", rows), actor=ACTOR)
    assert dict(counts) == {"returned": 1, "not_handed_over": 1, "died": 1,
                            "refused_to_return": 1, "without_outcome": 0}
    session.expire_all()
    assert [p.release_status for p in persons] == [
        ReleaseStatus.RELEASED, ReleaseStatus.DETAINED, ReleaseStatus.DECEASED,
        ReleaseStatus.DETAINED]
    submitted, event = session.scalars(select(StatusEvent).where(
        StatusEvent.person_id == persons[0].id).order_by(StatusEvent.id)).all()
    assert (submitted.stage, event.stage) == (Stage.IN_EXCHANGE, Stage.RELEASED)
    assert event.note.startswith(f"round {number} ")
    assert (event.source_ref, event.source_label) == (f"round:{number}", submitted.source_label)
    assert event.occurred_on == "2026-11-20"
    assert persons[0].field_provenance["release_status"]["rule"] == "coordinator"
    entry = session.scalar(select(RoundEntry).where(RoundEntry.person_id == persons[1].id))
    assert (entry.outcome, entry.outcome_reason, entry.open_person_id) == (
        Outcome.NOT_HANDED_OVER, "болен", None)
    operations.close_round(session, number, actor=ACTOR)


def test_not_handed_over_needs_a_reason_and_an_outcome_is_not_overwritten(session, sent,
                                                                          tmp_path):
    number, persons = sent
    _carried_out(session, number, tmp_path, persons)
    with pytest.raises(RoundError, match="needs a reason"):
        set_outcome(session, number, persons[0].id, "not_handed_over", actor=ACTOR)
    set_outcome(session, number, persons[0].id, "returned", actor=ACTOR)
    with pytest.raises(RoundError, match="already has the outcome returned"):
        set_outcome(session, number, persons[0].id, "died", actor=ACTOR)


def test_outcomes_wait_until_the_round_is_carried_out(session, sent):
    number, persons = sent
    with pytest.raises(RoundError, match="once a round is carried out"):
        set_outcome(session, number, persons[0].id, "returned", actor=ACTOR)

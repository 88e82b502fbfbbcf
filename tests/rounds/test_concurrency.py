"""Two negotiators put the same person on two rounds at the same moment: one of them wins.

Runs on its own database (a fresh SQLite file, or a throwaway PostgreSQL database when
TEST_DATABASE_URL points at PostgreSQL), since both sides must really commit.
"""

from __future__ import annotations

import os
import secrets
import threading
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exchange import create_app
from exchange.audit import Actor, acting_as
from exchange.extensions import db
from exchange.models import Person, RoundEntry
from exchange.rounds import operations
from exchange.rounds.errors import PersonOnOpenRound

from .conftest import CATEGORY_FACTS

ACTOR = Actor(label="race")
pytestmark = pytest.mark.database


@pytest.fixture
def fresh_database(tmp_path):
    """Return the URL of an empty database of the kind the suite runs on; drop it after."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'race.db'}"
        return
    base = url.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"race_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_one_person_cannot_land_on_two_open_rounds_at_once(fresh_database, monkeypatch):
    app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_database,
                      "SECRET_KEY": "race-secret-key-0123456789abcdef0123"})
    with app.app_context():
        upgrade()
        engine = db.engine
        with Session(engine) as session:
            person = Person(surname="Бойко", given_name="Тарас", date_of_birth="1980-01-01",
                            release_status="detained", **CATEGORY_FACTS["non_violent_amnesty"])
            with acting_as(session, ACTOR):
                session.add(person)
                session.commit()
            rounds = [operations.create_round(session, name=f"r{i}", round_type="amnesty",
                                              categories=["non_violent_amnesty"], actor=ACTOR).id
                      for i in (1, 2)]
            pid = person.id
        barrier = threading.Barrier(2)
        original = operations._begin_write

        def together(session, round_id):  # both are past their reads before either writes
            barrier.wait(timeout=10)
            return original(session, round_id)

        monkeypatch.setattr(operations, "_begin_write", together)
        outcomes: list[str] = []

        def add(round_id: int) -> None:
            with Session(engine) as session:
                try:
                    operations.add_persons(session, round_id, actor=ACTOR, today=date.today(),
                                           person_ids=[pid])
                    outcomes.append("added")
                except PersonOnOpenRound as exc:
                    outcomes.append(f"refused: {exc}")

        threads = [threading.Thread(target=add, args=(r,)) for r in rounds]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with Session(engine) as session:
            entries = session.scalar(select(func.count(RoundEntry.id)))
            # the constraint itself, without the service: a second open entry is refused
            winner = session.scalar(select(RoundEntry.round_id))
            loser = next(r for r in rounds if r != winner)
            with acting_as(session, ACTOR):
                session.add(RoundEntry(round_id=loser, person_id=pid, open_person_id=pid,
                                       category="non_violent_amnesty", added_by_label="x"))
                with pytest.raises(IntegrityError):
                    session.flush()
        engine.dispose()
    assert sorted(o.split(":")[0] for o in outcomes) == ["added", "refused"]
    assert f"person {pid} is already on open round {winner}" in next(
        o for o in outcomes if o.startswith("refused"))
    assert entries == 1

"""Every SQLite connection: WAL, synchronous=FULL, foreign keys, a busy timeout; write
requests take the write lock at their first statement (BEGIN IMMEDIATE)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from exchange import sqlite


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    yield engine
    engine.dispose()


def test_connection_settings(engine):
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == sqlite.BUSY_TIMEOUT_MS


def test_a_write_transaction_holds_the_lock_before_it_writes(engine, tmp_path):
    from sqlalchemy.orm import Session

    other = create_engine(f"sqlite:///{tmp_path / 'x.db'}",
                          connect_args={"timeout": 0})
    with other.connect() as conn:  # connected (its settings applied) before the lock
        conn.exec_driver_sql("PRAGMA busy_timeout=0")
        conn.commit()
        with Session(engine) as session, sqlite.writing(session):
            session.execute(text("SELECT 1"))  # only a read, yet the lock is taken
            with pytest.raises(Exception, match="locked"):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            session.rollback()
    other.dispose()


def test_a_page_request_reads_without_the_lock(app):
    with app.test_request_context("/", method="GET"):
        app.preprocess_request()
        assert sqlite._WRITE.get() is False
    with app.test_request_context("/", method="POST"):
        app.preprocess_request()
        assert sqlite._WRITE.get() is True

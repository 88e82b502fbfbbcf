"""SQLite settings for every connection, and write transactions that take the lock at once.

Every connection: foreign keys on, WAL (readers never wait for the writer), synchronous=FULL
(a committed import survives a power cut) and a busy timeout. A transaction that will write
starts with `BEGIN IMMEDIATE`: it takes the single writer's lock before it reads, so two
workers never both read, then both try to write, and one of them fails with "database is
locked" (a deferred transaction cannot wait for the lock once it has read). Requests that
may write (any method but GET, HEAD, OPTIONS) and `writing()` blocks are such transactions;
pages only read, in plain deferred transactions that never block anyone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

BUSY_TIMEOUT_MS = 10_000
_WRITE: ContextVar[bool] = ContextVar("sqlite_write_transaction", default=False)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@event.listens_for(Engine, "connect")
def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Turn on foreign keys, WAL, full sync and the busy timeout for every SQLite connection."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        # Let SQLAlchemy, not the driver, open transactions, so SAVEPOINTs work (see _begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()


@event.listens_for(Engine, "begin")
def _begin(connection: Any) -> None:
    """Open SQLite transactions explicitly: IMMEDIATE when they will write."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _WRITE.get() else "BEGIN")


@contextmanager
def writing(session: Session) -> Iterator[None]:
    """Run the block in a write transaction (the lock first), even inside a page request."""
    session.commit()  # end a read transaction: it cannot become a write one without risk
    token = _WRITE.set(True)
    try:
        yield
    finally:
        _WRITE.reset(token)


def install(app: Flask) -> None:
    """Make every request that may write a write transaction from its first statement."""

    @app.before_request
    def _write_requests() -> None:
        if request.method not in SAFE_METHODS:
            request.environ["exchange.write_token"] = _WRITE.set(True)

    @app.teardown_request
    def _end(_exc: BaseException | None) -> None:
        token = request.environ.pop("exchange.write_token", None)
        if token is not None:
            _WRITE.reset(token)

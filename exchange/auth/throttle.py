"""Failed sign-ins counted in the database, per account and per client address.

An account (any e-mail address, whether an account exists or not, so the answer never
tells) is locked for LOCK after ACCOUNT_LIMIT failures within WINDOW; a client address after
ADDRESS_LIMIT. While a key is locked no password is even checked, so a flood costs no
argon2 memory. Keys are hashes: the table holds no e-mail address and no IP address.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exchange.models import SignInThrottle
from exchange.models.base import utcnow

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 50
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)


def account_key(email: str) -> str:
    return "account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def address_key(address: str | None) -> str:
    return "address:" + hashlib.sha256((address or "-").encode()).hexdigest()


def _limit(key: str) -> int:
    return ACCOUNT_LIMIT if key.startswith("account:") else ADDRESS_LIMIT


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they are UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def is_locked(session: Session, keys: list[str], now: datetime | None = None) -> bool:
    """Return whether any of the keys is locked now."""
    now = now or utcnow()
    rows = session.scalars(select(SignInThrottle).where(SignInThrottle.key.in_(keys)))
    return any((_aware(r.locked_until) or now) > now for r in rows)


def record_failure(session: Session, keys: list[str], now: datetime | None = None) -> list[str]:
    """Count one failure on each key; return the keys this failure locked."""
    now = now or utcnow()
    locked = []
    for key in keys:
        row = _row(session, key, now)
        if _aware(row.window_start) < now - WINDOW:
            row.failures, row.window_start = 0, now
        # an atomic increment: concurrent workers never lose a failure
        session.execute(update(SignInThrottle).where(SignInThrottle.key == key)
                        .values(failures=SignInThrottle.failures + 1,
                                window_start=row.window_start))
        session.refresh(row)
        if row.failures >= _limit(key) and (_aware(row.locked_until) or now) <= now:
            row.locked_until = now + LOCK
            row.failures = 0
            locked.append(key)
    session.flush()
    return locked


def clear(session: Session, key: str) -> None:
    """Forget the failures of a key (after a successful sign-in)."""
    row = session.get(SignInThrottle, key)
    if row is not None:
        row.failures = 0


def _row(session: Session, key: str, now: datetime) -> SignInThrottle:
    row = session.get(SignInThrottle, key)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = SignInThrottle(key=key, failures=0, window_start=now)
            session.add(row)
    except IntegrityError:  # another worker created it first
        row = session.get(SignInThrottle, key)
    return row

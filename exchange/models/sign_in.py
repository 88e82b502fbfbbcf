"""Sign-in protection kept in the database, so it holds across every worker process.

`SignInThrottle`: failures per account (an e-mail address, known or not, by its hash) and
per client address; a key with too many recent failures is locked for a while.
`RecoveryCode`: one-time codes for the second factor, kept as hashes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from exchange.models.base import Base, UTCDateTime, utcnow


class SignInThrottle(Base):
    __tablename__ = "sign_in_throttle"

    # `account:<sha256 of the e-mail>` or `address:<sha256 of the client address>`
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RecoveryCode(Base):
    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

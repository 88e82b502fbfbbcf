"""The second factor: time-based one-time codes (TOTP, RFC 6238, pyotp) and recovery codes.

Required for the roles that read or send whole lists (admin, coordinator, negotiator). A
code works once (the last time step used is kept); a recovery code works once and is kept
only as a hash. Resetting a password does not touch the second factor; only an admin's
`flask user reset-two-factor` does, and that is audited.
"""

from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as, write_entry
from exchange.models import RecoveryCode, Role, User
from exchange.models.base import utcnow

SECOND_FACTOR_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.NEGOTIATOR)
ISSUER = "Coalition registry"
RECOVERY_CODES = 10


def required(user: User) -> bool:
    """Return whether the account must give a second factor at sign-in."""
    return user.role in SECOND_FACTOR_ROLES


def new_secret() -> str:
    """Return a fresh base32 secret for an authenticator app."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """Return the otpauth:// address an authenticator app reads."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _step(code: str, secret: str, now: float) -> int | None:
    """Return the time step the code belongs to (one step of clock drift allowed)."""
    totp = pyotp.TOTP(secret)
    for drift in (0, -1, 1):
        at = now + drift * totp.interval
        if secrets.compare_digest(totp.at(at), code):
            return int(at // totp.interval)
    return None


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def check_code(session: Session, user: User, code: str, now: float | None = None) -> bool:
    """Accept a TOTP code not used before, or an unused recovery code; record the use."""
    code = "".join(code.split())
    now = time.time() if now is None else now
    if user.totp_secret and code.isdigit() and len(code) == 6:
        step = _step(code, user.totp_secret, now)
        if step is None or step <= (user.totp_last_step or 0):
            return False  # wrong, or already used: a code works once
        user.totp_last_step = step
        return True
    row = session.scalar(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code),
        RecoveryCode.used_at.is_(None)))
    if row is None:
        return False
    row.used_at = utcnow()
    with acting_as(session, Actor.for_user(user)):
        write_entry(session, action="recovery_code_used", object_type="user_account",
                    object_id=user.id)
    return True


def enrol(session: Session, user: User, secret: str, code: str) -> list[str] | None:
    """Store the secret when the code proves the app has it; return new recovery codes."""
    step = _step("".join(code.split()), secret, time.time())
    if step is None:
        return None
    user.totp_secret, user.totp_last_step = secret, step
    codes = new_recovery_codes(session, user)
    with acting_as(session, Actor.for_user(user)):
        write_entry(session, action="two_factor_enrolled", object_type="user_account",
                    object_id=user.id)
    return codes


def new_recovery_codes(session: Session, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; return them (shown once)."""
    for old in session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        session.delete(old)
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    return codes


def reset(session: Session, user: User, actor: Actor) -> None:
    """Remove the second factor (the user enrols again at the next sign-in); audited."""
    user.totp_secret = user.totp_last_step = None
    for old in session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        session.delete(old)
    user.session_version += 1
    with acting_as(session, actor):
        write_entry(session, action="two_factor_reset", object_type="user_account",
                    object_id=user.id)
    session.commit()

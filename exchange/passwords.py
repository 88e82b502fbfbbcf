"""Password hashing with argon2id (OWASP parameters or stronger), and the password rules.

Rules (NIST SP 800-63B, ASVS V6): 12 to 128 characters, no composition rules, common and
trivially simple passwords refused (`auth/data/common_passwords.txt`). Each hash costs
64 MiB of memory, so at most HASH_SLOTS hashes run at once in a process: a flood of
sign-in posts queues (and is refused after HASH_WAIT_SECONDS) instead of exhausting memory.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2-cffi's defaults (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4) exceed OWASP's floor.
_hasher = PasswordHasher()

MIN_LENGTH = 12
MAX_LENGTH = 128
HASH_SLOTS = 2
HASH_WAIT_SECONDS = 10.0
_slots = threading.BoundedSemaphore(HASH_SLOTS)


class WeakPassword(ValueError):
    """The password does not meet the minimum rules."""


class HashingBusy(RuntimeError):
    """Too many password checks at once: the caller should answer 'try again shortly'."""


@cache
def _common() -> frozenset[str]:
    text = files("exchange.auth").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def check_strength(password: str, *, email: str | None = None) -> None:
    """Raise WeakPassword unless the password is long enough and not a common one."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"a password may have at most {MAX_LENGTH} characters")
    folded = "".join(password.casefold().split())
    if folded in _common() or len(set(folded)) < 5:
        raise WeakPassword("this password is too common or too simple: choose another")
    name = (email or "").split("@", 1)[0].casefold()
    if len(name) >= 4 and name in folded:
        raise WeakPassword("a password must not contain the account's name")


def _limited(run, *args):  # type: ignore[no-untyped-def]
    """Run one argon2 computation when a slot is free (at most HASH_SLOTS at a time)."""
    if not _slots.acquire(timeout=HASH_WAIT_SECONDS):
        raise HashingBusy("too many sign-ins at once")
    try:
        return run(*args)
    finally:
        _slots.release()


def hash_password(password: str) -> str:
    """Return the argon2id hash of a password."""
    return _limited(_hasher.hash, password)


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def verify_password(stored_hash: str, password: str) -> bool:
    """Return whether the password matches the stored hash."""
    return _limited(_verify, stored_hash, password)


def needs_rehash(stored_hash: str) -> bool:
    """Return whether the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored_hash)


# A hash to verify against when the account does not exist, so timing does not tell.
DUMMY_HASH = _hasher.hash("not-a-real-password-just-for-timing")

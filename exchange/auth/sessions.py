"""A signed-in session's life: a fresh cookie at sign-in, idle and absolute timeouts.

The cookie carries the user id with the account's session version (checked on every
request by `access.load_user`), when the sign-in happened and when the browser was last
seen. A session idle longer than SESSION_IDLE, or older than PERMANENT_SESSION_LIFETIME,
is ended: the user signs in again.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import current_app, session, url_for
from flask_login import login_user, logout_user

from exchange.auth import two_factor
from exchange.extensions import db
from exchange.models import User

_SIGNED_IN = "signed_in_at"
_SEEN = "seen_at"


def start(user: User) -> None:
    """Sign the user in on a brand-new session (nothing of the anonymous one is kept)."""
    language = session.get("lang")
    session.clear()
    login_user(user, remember=False)
    now = int(time.time())
    session[_SIGNED_IN] = session[_SEEN] = now
    if language:
        session["lang"] = language


_PENDING = "second_factor"
PENDING_SECONDS = 300


def await_second_factor(user: User, target: str) -> None:
    """Remember, for a few minutes, that this browser gave the right password for `user`."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language  # the language chosen on the sign-in page stays
    session[_PENDING] = {"user": user.id, "version": user.session_version,
                         "at": int(time.time()), "next": target,
                         "secret": None if user.totp_secret else two_factor.new_secret()}


def _pending() -> dict | None:
    pending = session.get(_PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return pending


def awaiting_second_factor() -> User | None:
    """Return the user whose password this browser gave, if the second step is still open."""
    pending = _pending()
    if pending is None:
        return None
    user = db.session.get(User, pending["user"])
    if user is None or not user.is_active or user.session_version != pending["version"]:
        return None
    return user


def enrolment_secret() -> str | None:
    """Return the new secret offered to a user setting up the second factor."""
    pending = _pending()
    return pending.get("secret") if pending else None


def second_factor_target() -> str:
    pending = _pending() or {}
    return safe_next(pending.get("next"))


def end() -> None:
    """Forget the sign-in in this browser."""
    logout_user()
    session.clear()


def expired(now: float | None = None) -> bool:
    """Return whether the signed-in session is past its idle or absolute limit."""
    now = time.time() if now is None else now
    started, seen = session.get(_SIGNED_IN), session.get(_SEEN)
    if not isinstance(started, int) or not isinstance(seen, int):
        return True
    config = current_app.config
    too_old = now - started > config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    idle = now - seen > config["SESSION_IDLE"].total_seconds()
    return too_old or idle


def touch(now: float | None = None) -> None:
    """Note that the browser is active (at most once a minute, so the cookie rarely changes)."""
    now = int(time.time() if now is None else now)
    if now - session.get(_SEEN, 0) >= 60:
        session[_SEEN] = now


def safe_next(target: str | None) -> str:
    """Return a path on this site to go to after sign-in, never an outside address."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        parts = urlsplit(target)
        clean = all(c.isprintable() and not c.isspace() for c in target)
        if clean and not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return url_for("home.index")

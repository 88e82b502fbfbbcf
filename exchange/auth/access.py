"""Who may see what: session checks on every request and role checks on every view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, request
from flask_login import current_user

from exchange.auth import sessions
from exchange.extensions import db, login_manager
from exchange.models import Role, User

F = TypeVar("F", bound=Callable[..., Any])

# Endpoints anyone may reach without signing in.
PUBLIC_ENDPOINTS = {"auth.login", "static", "auth.set_language"}

# Roles that may do more than read.
EDITORS = (Role.ADMIN, Role.COORDINATOR, Role.MEMBER_EDITOR)
REVIEWERS = (Role.ADMIN, Role.COORDINATOR)


def load_user(user_key: str) -> User | None:
    """Load the user from the cookie's key, refusing a stale session version."""
    try:
        user_id, version = (int(part) for part in user_key.split(":", 1))
    except ValueError:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Allow the view only to signed-in users holding one of `roles`."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def can_see_organisation(user: User, organisation_id: int) -> bool:
    """Return whether the user may see source records of that organisation."""
    if user.role is Role.MEMBER_EDITOR:
        return user.organisation_id == organisation_id
    return True


def can_edit_organisation(user: User, organisation_id: int) -> bool:
    """Return whether the user may change source records of that organisation."""
    if user.role in REVIEWERS:
        return True
    return user.role is Role.MEMBER_EDITOR and user.organisation_id == organisation_id


def install(app: Flask) -> None:
    """Set up Flask-Login and require a signed-in user on every non-public endpoint."""
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = None

    @app.before_request
    def _require_login() -> Any:
        if current_user.is_authenticated:
            if sessions.expired():
                sessions.end()
            else:
                sessions.touch()
        if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None

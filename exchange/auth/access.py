"""Who may see what: session checks on every request and role checks on every view."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from functools import cache, wraps
from importlib.resources import files
from typing import Any, TypeVar

from flask import Flask, abort, request
from flask_babel import gettext as _
from flask_login import current_user

from exchange.auth import sessions
from exchange.extensions import db, login_manager
from exchange.models import Role, User

F = TypeVar("F", bound=Callable[..., Any])

# Endpoints anyone may reach without signing in.
PUBLIC_ENDPOINTS = {"auth.login", "auth.second_factor", "static", "auth.set_language"}

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
    return sees_every_record(user)


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
    install_template_helpers(app)

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


# --- What each role sees of the facts and of the members' records -------------------------
# The merged facts of the registry and the joint list are shared by design. Field groups in
# data/field_access.csv (health, signs, charges, notes) are shown only to the roles named
# there. A member's own records (their ids, raw cells, notes) are seen by coordinators and
# admins and by that member's editors; negotiators and viewers see which members list a
# person, not their record ids; a member editor sees neither the ids nor the values of
# another member's records. Every page and every export asks these functions.

@cache
def _field_roles() -> dict[str, frozenset[Role]]:
    """Return {field: roles that may see it} for the restricted fields."""
    text = files("exchange.auth").joinpath("data/field_access.csv").read_text("utf-8")
    allowed: dict[str, frozenset[Role]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        roles = frozenset(Role(r) for r in row["roles"].split())
        allowed.update({f: roles for f in row["fields"].split()})
    return allowed


def audience(user: User | None) -> tuple[str | None, int | None]:
    """Return what decides what a user may see here: their role and organisation."""
    role = getattr(user, "role", None)
    return (role.value if role is not None else None, getattr(user, "organisation_id", None))


def hidden_fields(user: User | None) -> frozenset[str]:
    """Return the merged facts this user may not see."""
    role = getattr(user, "role", None)
    return frozenset(f for f, roles in _field_roles().items() if role not in roles)


def may_see_field(user: User | None, field: str) -> bool:
    """Return whether the user may see this fact (of a person, a record or an export)."""
    return field not in hidden_fields(user)


def sees_every_record(user: User | None) -> bool:
    """Return whether the user reads every member's records (ids, raw cells, notes)."""
    return getattr(user, "role", None) in REVIEWERS


def own_organisation_code(user: User | None) -> str | None:
    """Return the member editor's organisation code (None for every other role)."""
    if getattr(user, "role", None) is not Role.MEMBER_EDITOR or user.organisation is None:
        return None
    return user.organisation.code


def may_see_records_of(user: User | None, org_code: str) -> bool:
    """Return whether the user may see that member's record ids, raw cells and notes."""
    return sees_every_record(user) or (own_organisation_code(user) or "") == org_code != ""


def visible_sources(user: User | None, field: str,
                    sources: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return what members said about a field, as far as the user may see it."""
    if not may_see_field(user, field):
        return []
    peer = getattr(user, "role", None) is Role.MEMBER_EDITOR
    shown = []
    for source in sources:
        own = may_see_records_of(user, str(source.get("org")))
        item = dict(source)
        if not own:
            item["record_id"] = None
            if peer:
                item["value"] = None  # another member's raw value: not for a peer
        shown.append(item)
    return shown


def visible_provenance(user: User | None,
                       provenance: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Return a person's field provenance with what the user may not see taken out."""
    shown = {}
    for field, choice in (provenance or {}).items():
        if not isinstance(choice, Mapping) or not may_see_field(user, field):
            continue
        shown[field] = {**choice, "sources": visible_sources(user, field,
                                                             choice.get("sources") or [])}
    return shown


def visible_refs(user: User | None, text: str | None) -> str | None:
    """Return `ORG:record; ORG:record` with the ids the user may not see left out."""
    if not text:
        return text
    parts = []
    for part in (p.strip() for p in text.split(";")):
        org = part.split(":", 1)[0]
        parts.append(part if ":" not in part or may_see_records_of(user, org) else org)
    return "; ".join(dict.fromkeys(p for p in parts if p))


# Audited rows that are one restricted fact, and rows of the members' raw records.
_ROW_FIELD = {"charge": "charges"}
_RAW_ROWS = frozenset({"source_record", "import_batch"})


def visible_changes(user: User | None, entry: Any) -> dict[str, Any] | None:
    """Return an audit entry's `{field: [old, new]}` as the user may see it (None: none)."""
    guard = _ROW_FIELD.get(entry.object_type)
    if guard and not may_see_field(user, guard):
        return None
    if entry.object_type in _RAW_ROWS and not sees_every_record(user):
        return None
    changes = entry.changes or {}
    shown = {k: v for k, v in changes.items() if may_see_field(user, k)}
    return None if changes and not shown else shown


def staff_label(user: User | None, label: str | None) -> str:
    """Return who acted (an account's e-mail, `cli:<user>`) as this user may see it: the
    address for reviewers and admins, else only a command on the server or a staff member."""
    if label and shows_staff(user):
        return label
    return _("command line") if str(label or "").startswith("cli:") else _("staff member")


def shows_staff(user: User | None) -> bool:
    """Return whether the user may see who (which staff account) did what."""
    return sees_every_record(user)


def install_template_helpers(app: Flask) -> None:
    """Let templates ask the same questions for the signed-in user."""

    def user() -> User | None:
        return current_user if current_user.is_authenticated else None

    app.jinja_env.globals.update(
        may_see=lambda field: may_see_field(user(), field),
        visible_provenance=lambda provenance: visible_provenance(user(), provenance),
        visible_refs=lambda text: visible_refs(user(), text),
        visible_changes=lambda entry: visible_changes(user(), entry),
        staff=lambda label: staff_label(user(), label),
        may_see_notes_of=lambda org: may_see_records_of(user(), org),
    )

"""The rounds blueprint and what its views share: roles, the actor, messages, uploads."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from exchange.audit import Actor
from exchange.auth.access import audience, may_see_field
from exchange.downloads import send_xlsx
from exchange.labels import label
from exchange.models import Role
from exchange.rounds.errors import (
    IdentityNotConfirmed,
    PersonOnOpenRound,
    RoundChanged,
    RoundError,
)
from exchange.rounds.sheet import ExportOptions
from exchange.rounds.states import IllegalTransition
from exchange.rounds.tables import priority_groups

bp = Blueprint("rounds", __name__, url_prefix="/rounds")

# Negotiators and coordinators build and submit rounds; everyone else reads.
ROUND_EDITORS = (Role.ADMIN, Role.COORDINATOR, Role.NEGOTIATOR)
# Whole lists (versions, replies, workbooks) name every person: not for member editors,
# who see only the persons their organisation lists.
WHOLE_LIST_READERS = (*ROUND_EDITORS, Role.VIEWER)
# The facts behind the sensitive columns of a roster (see exchange/auth/data/field_access.csv).
SENSITIVE_FIELDS = ("health_concern", "charges")


def can_edit() -> bool:
    return current_user.is_authenticated and current_user.role in ROUND_EDITORS


def actor() -> Actor:
    return Actor.for_user(current_user)


def refusal(exc: RoundError) -> str:
    """Return a refusal in the reader's language (the service's own words as a fallback)."""
    if isinstance(exc, IllegalTransition):
        return _("A round cannot go from “%(a)s” to “%(b)s”.",
                 a=label("round_state", exc.current), b=label("round_state", exc.wanted))
    if isinstance(exc, PersonOnOpenRound):
        return "; ".join(_("Person %(p)d is already on the open round “%(name)s” (no. %(r)d).",
                           p=pid, name=name, r=rid)
                         for pid, (rid, name) in sorted(exc.taken.items()))
    if isinstance(exc, IdentityNotConfirmed):
        return _("Confirm the identity of each flagged person before the list is sent.")
    if isinstance(exc, RoundChanged):
        return _("Someone else changed the round at the same moment: reload and try again.")
    return str(exc)


def sees_sensitive() -> bool:
    """Return whether the user may see the sensitive columns (health, charges, the rule)."""
    return all(may_see_field(current_user, f) for f in SENSITIVE_FIELDS)


@bp.app_template_global()
def priority_shown(group: str) -> bool:
    """Return whether the user may see why a person is in this priority group."""
    return sees_sensitive() or group not in {g.key for g in priority_groups() if g.sensitive}


def export_options(*, russian: bool) -> ExportOptions:
    """Read the export's language and audience from the request (`language=en`, `wide=1`);
    a user who may not see health and charges always gets the wider audience's columns."""
    return ExportOptions(language="en" if request.args.get("language") == "en" else "uk",
                         sensitive=request.args.get("wide") != "1" and sees_sensitive(),
                         russian=russian, exported_by=current_user.email)


def xlsx_download(write: Callable[[Path], Any], name: str, *, what: str) -> Response:
    """Write a workbook to a private temporary file and send it as an audited download."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "export.xlsx"

        def copy(buffer):  # type: ignore[no-untyped-def]
            result = write(out)
            buffer.write(out.read_bytes())
            return result

        # the file names its reader and day: kept per reader, day and request
        kept = (current_user.email, audience(current_user), date.today(),
                tuple(sorted(request.args.items(multi=True))))
        return send_xlsx(copy, name, what=what, filters=dict(request.args), kept=kept)


def with_upload(upload: FileStorage | None, use: Callable[[Path, str], Any]) -> Any:
    """Save an upload to a private temporary file, run `use(path, shown name)`, delete it."""
    if upload is None or not upload.filename:
        abort(400)
    name = Path(upload.filename).name[:200]
    suffix = Path(name).suffix.lower()[:9]
    folder = Path(current_app.instance_path) / "round_uploads"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=suffix) as handle:
        upload.save(handle)
        handle.flush()
        return use(Path(handle.name), name)

"""A coordinator ends a flag with what they found; the flag is kept, never deleted."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as
from exchange.models import RepatriationFlag
from exchange.models.base import utcnow

__all__ = ["FlagRefused", "resolve_flag"]


class FlagRefused(ValueError):
    """A flag that cannot be resolved (already resolved, no reason)."""


def resolve_flag(
    session: Session, flag: RepatriationFlag, resolution: str, actor: Actor
) -> RepatriationFlag:
    """Mark a flag resolved with what the coordinator found, and commit (audited)."""
    text = (resolution or "").strip()
    if not text:
        raise FlagRefused(_("Say what was found."))
    if flag.resolved_at is not None:
        raise FlagRefused(_("This flag is already resolved."))
    with acting_as(session, actor, reason=text):
        flag.resolved_at, flag.resolved_by, flag.resolution = utcnow(), actor.label, text
        session.commit()
    return flag

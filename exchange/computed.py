"""Results computed from the whole registry, kept until the registry changes.

The joint list, the changes report, the estimate and the road-home picture each read
every person and record of a month or more; computing them on every request does not
scale. Instead, `install()` (switched on by `create_app`) gives every commit that writes
registry data a new random token in the one row of `registry_version`, in the same
transaction: any insert, update or delete through the session, by the unit of work or
by an ORM statement, of any table but those in `UNTRACKED` (the audit trail and the
accounts' sign-in state, which no computed result reads). `remember(session, key,
compute)` keeps a result in this process under (token, key): it is served while the
token is the same and computed again after any change, so no page is ever older than
the data. Each web worker keeps its own results (a few per report, the least recently
used dropped first).

The token is read before the data, in the same transaction, so a result is never older
than its token; it is random, not a counter, so a database restored from a backup cannot
meet results kept for a later state under the same token.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from sqlalchemy import event, select, update
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from exchange.models import RegistryVersion
from exchange.models.base import utcnow

__all__ = ["UNTRACKED", "clear", "install", "registry_token", "remember"]

T = TypeVar("T")

# Tables no computed result reads: writing them (an audit entry of a download, a sign-in)
# keeps what was computed.
UNTRACKED = frozenset({"audit_entry", "user_account", "sign_in_throttle", "recovery_code",
                       "registry_version"})
LIMIT = 48  # results kept per process; a joint list of 15,000 persons is about 10 MB
_CHANGED = "registry_changed"

_kept: OrderedDict[tuple[str, Hashable], Any] = OrderedDict()
_lock = threading.Lock()


def registry_token(session: Session) -> str:
    """Return the token of the registry's current state."""
    return session.scalar(select(RegistryVersion.token).where(RegistryVersion.id == 1)) or ""


def remember(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """Return the result kept for `key` in the registry's current state, or compute it.

    Inside a transaction that has written (not committed yet) the result is computed and
    not kept: it shows a state others cannot see, and may never see.
    """
    if session.info.get(_CHANGED) or session.new or session.dirty or session.deleted:
        return compute()
    slot = (registry_token(session), key)
    with _lock:
        if slot in _kept:
            _kept.move_to_end(slot)
            return _kept[slot]
    result = compute()
    with _lock:
        _kept[slot] = result
        while len(_kept) > LIMIT:
            _kept.popitem(last=False)
    return result


def clear() -> None:
    """Forget every result kept in this process."""
    with _lock:
        _kept.clear()


def _tracked(tables: Iterable[str]) -> bool:
    return any(name not in UNTRACKED for name in tables)


def _after_flush(session: Session, _context: Any) -> None:
    written = (*session.new, *session.dirty, *session.deleted)
    if _tracked(getattr(obj, "__tablename__", "") for obj in written):
        session.info[_CHANGED] = True


def _orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    table = getattr(getattr(state.statement, "table", None), "name", None)
    name = mapper.local_table.name if mapper is not None else table
    if name is None or _tracked([name]):
        state.session.info[_CHANGED] = True


def _before_commit(session: Session) -> None:
    session.flush()  # the last flush of the commit comes after this hook: mark it now
    if session.info.pop(_CHANGED, False):
        session.execute(update(RegistryVersion).where(RegistryVersion.id == 1)
                        .values(token=uuid.uuid4().hex, changed_at=utcnow()))


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the whole transaction is over (committed or undone)
        session.info.pop(_CHANGED, None)


def install() -> None:
    """Give every commit that writes registry data a new token (idempotent)."""
    for name, listener in (("after_flush", _after_flush), ("do_orm_execute", _orm_execute),
                           ("before_commit", _before_commit),
                           ("after_transaction_end", _after_transaction_end)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)

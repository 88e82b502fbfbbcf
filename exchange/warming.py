"""Compute the most read reports again soon after the registry changes, before anyone asks.

Results are kept per state of the registry (`exchange.computed`); after a write, the
first reader would wait while they are computed again. Instead a daemon thread in each
web process (started at its first request; never in commands, nor under `TESTING` or
`WARM_SECONDS=0`, as in the test suite) reads the registry token every `WARM_SECONDS`;
once it has changed and then stayed the same for one more round (a burst of writes, such
as eight imports, is over), it computes the latest month's joint list, the changes
between the two latest months, today's road-home dashboard, the latest month's
estimate and the persons whose own records disagree (the Conflicts page). A write by
any process (another worker, a command) is seen the same way. A failure is logged (its
type only) and tried again at the next change.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time

from flask import Flask

from exchange.computed import registry_token

__all__ = ["due", "install", "warm"]

_log = logging.getLogger(__name__)
_started: set[int] = set()
_lock = threading.Lock()


def warm(session) -> None:  # type: ignore[no-untyped-def]
    """Compute (and so keep) the results the most read pages ask for."""
    from exchange.estimation.report import estimate_month
    from exchange.reconciliation.queries import kept_identity_groups
    from exchange.reports.changes import compute_changes
    from exchange.reports.joint_list import joint_list_rows
    from exchange.reports.queries import imported_months
    from repatriation.dashboard import compute_dashboard

    months = list(session.scalars(imported_months()))
    if months:
        joint_list_rows(session, months[0])
    if len(months) > 1:
        compute_changes(session, months[1], months[0])
    compute_dashboard(session, as_of=dt.date.today())
    if months:
        estimate_month(session, months[0], None, with_sensitivity=False)
    kept_identity_groups(session)


def due(token: str, seen: str | None, warmed: str | None) -> bool:
    """Tell whether to warm now: the token changed since the last warming and then held."""
    return token == seen != warmed


def _loop(app: Flask, seconds: float) -> None:
    from exchange.extensions import db

    warmed = seen = None
    while True:
        time.sleep(seconds)
        try:
            with app.app_context():
                token = registry_token(db.session)
                if due(token, seen, warmed):
                    warmed = token
                    warm(db.session)
                seen = token
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - a report that fails must not stop the thread
            _log.warning("warming the reports failed: %s", type(exc).__name__)


def install(app: Flask) -> None:
    """Start the warming thread at the first request of each web process."""
    seconds = float(app.config.get("WARM_SECONDS", 5))
    if app.testing or seconds <= 0:
        return

    @app.before_request
    def _start() -> None:
        pid = os.getpid()  # a forked worker starts its own
        if pid in _started:
            return
        with _lock:
            if pid not in _started:
                _started.add(pid)
                threading.Thread(target=_loop, args=(app, seconds), daemon=True,
                                 name="warm-reports").start()

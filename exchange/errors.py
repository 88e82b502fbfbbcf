"""Error pages that say what happened without showing internals."""

from __future__ import annotations

import logging
import traceback

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from exchange.labels import label

log = logging.getLogger(__name__)


def install(app: Flask) -> None:
    """Render HTTP errors and unexpected exceptions as plain pages."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        return _page(exc.code or 500, exc.name)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        if app.testing and app.config.get("PROPAGATE_UNEXPECTED", True):
            raise exc
        log.error("unexpected error %s", _trace(exc))  # to the log, never to the page
        return _page(500, "Internal error")


def _trace(exc: BaseException) -> str:
    """Return where an exception happened and its type, without its message.

    Messages may carry row data (a database driver quotes the failing row), and names and
    birth dates must never reach a log; the type and the frames are enough to find the bug.
    """
    frames = "".join(traceback.format_tb(exc.__traceback__))
    return f"{type(exc).__module__}.{type(exc).__qualname__}\n{frames}"


def _page(code: int, name: str):  # type: ignore[no-untyped-def]
    """The error page, its title in the reader's language where the code has a label."""
    known = label("http_error", code)
    return render_template("errors/error.html", code=code, name=name,
                           error_label=known if known != str(code) else None), code

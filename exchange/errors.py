"""Error pages that say what happened without showing internals."""

from __future__ import annotations

import logging

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
        log.exception("unexpected error")  # the trace goes to the log, never to the page
        return _page(500, "Internal error")


def _page(code: int, name: str):  # type: ignore[no-untyped-def]
    """The error page, its title in the reader's language where the code has a label."""
    known = label("http_error", code)
    return render_template("errors/error.html", code=code, name=name,
                           error_label=known if known != str(code) else None), code

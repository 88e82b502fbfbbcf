"""Error pages that say what happened without showing internals."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


def install(app: Flask) -> None:
    """Render HTTP errors and unexpected exceptions as plain pages."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        return render_template("errors/error.html", code=exc.code, name=exc.name), exc.code

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        if app.testing and app.config.get("PROPAGATE_UNEXPECTED", True):
            raise exc
        log.exception("unexpected error")  # the trace goes to the log, never to the page
        return render_template("errors/error.html", code=500, name="Internal error"), 500

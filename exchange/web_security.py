"""What every response carries and what the app refuses to start without.

Headers: a strict Content-Security-Policy (no inline script, no framing), nosniff, a
same-origin referrer, HSTS when served over HTTPS, and `Cache-Control: no-store` on every
page and download (they carry personal data; only the static files may be cached). The
session cookie is `Secure` whenever the request came over HTTPS, even if the setting was
forgotten. The app refuses to start with debug mode outside development, or when openpyxl
would parse uploads without defusedxml.
"""

from __future__ import annotations

import os

import openpyxl.xml
from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from exchange.config import ConfigError

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)
HSTS = "max-age=31536000; includeSubDomains"


class _SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure when the setting says so or the request is HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def check_startup(app: Flask) -> None:
    """Refuse to start in a state that would leak data (debug mode, XML without defusedxml)."""
    if app.debug and os.environ.get("EXCHANGE_ENV") != "development":
        raise ConfigError("debug mode shows internals to anyone: it needs EXCHANGE_ENV="
                          "development (never on a server holding real data)")
    if not openpyxl.xml.DEFUSEDXML:
        raise ConfigError("openpyxl does not use defusedxml: install defusedxml before "
                          "reading any upload")


def install(app: Flask) -> None:
    """Set the security headers on every response and the cookie rules of the session."""
    app.session_interface = _SessionInterface()
    if app.config.get("BEHIND_PROXY"):
        # one reverse proxy in front: trust its X-Forwarded-For/-Proto (HTTPS, client address)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]

    @app.after_request
    def _headers(response):  # type: ignore[no-untyped-def]
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if request.endpoint != "static":
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        return response

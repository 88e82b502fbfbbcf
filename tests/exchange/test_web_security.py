"""Headers, cookies, session timeouts, redirects and start-up refusals (ASVS V3, V14)."""

from __future__ import annotations

import re
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from flask import Flask

from exchange import create_app
from exchange.auth import sessions
from exchange.config import ConfigError
from exchange.models import Role

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PASSWORD = "a long test password"


def _session_cookie(response) -> SimpleCookie:
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    return SimpleCookie(header)


def test_hsts_and_secure_cookie_only_over_https(client, create_user):
    user = create_user(Role.VIEWER)
    plain = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert "Strict-Transport-Security" not in plain.headers
    assert not _session_cookie(plain)["session"]["secure"]
    secure = client.post("/login", data={"email": user.email, "password": PASSWORD},
                         base_url="https://registry.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert _session_cookie(secure)["session"]["secure"]


def test_every_header_on_a_page(client):
    headers = client.get("/login").headers
    csp = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'",
                      "object-src 'none'", "form-action 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    css = next((TEMPLATES.parent / "exchange" / "static").rglob("*.css"))
    response = client.get("/static/" + css.relative_to(TEMPLATES.parent / "exchange" / "static")
                          .as_posix())
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    response.close()


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on* event attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    (re.compile(r"\sstyle\s*=|<style", re.I), "inline style (CSP style-src 'self')"),
]


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_templates_have_no_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    for pattern, what in INLINE:
        assert not pattern.search(text), f"{template.name} has {what}"


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/persons/3?tab=x", True),
        ("/", True),
        ("///evil.example", False),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("https://evil.example/", False),
        ("javascript:alert(1)", False),
        ("/\tevil", False),
        ("/%0d%0aSet-Cookie:x", True),  # stays an encoded path on this site
        ("/ok\r\nSet-Cookie: x", False),
        ("", False),
    ],
)
def test_only_local_redirects(app, target, safe):
    with app.test_request_context():
        assert (sessions.safe_next(target) == target) is safe


def test_sign_in_with_a_triple_slash_next_stays_here(client, create_user):
    user = create_user(Role.VIEWER)
    response = client.post("/login?next=///evil.example/x",
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/home"


def test_sign_in_starts_a_new_session(client, create_user):
    user = create_user(Role.VIEWER)
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after["signed_in_at"] == after["seen_at"]


@pytest.mark.parametrize(
    ("started_ago", "seen_ago", "signed_in"),
    [
        (60, 10, True),
        (3600, 29 * 60, True),
        (3600, 31 * 60, False),  # idle for more than 30 minutes
        (9 * 3600, 10, False),  # active, but signed in more than 8 hours ago
    ],
)
def test_idle_and_absolute_timeouts(login, create_user, started_ago, seen_ago, signed_in):
    client = login(create_user(Role.VIEWER))
    now = int(time.time())
    with client.session_transaction() as cookie:
        cookie["signed_in_at"] = now - started_ago
        cookie["seen_at"] = now - seen_ago
    assert (client.get("/").status_code == 200) is signed_in


def test_a_form_token_expires(app, client, create_user, monkeypatch):
    from itsdangerous.timed import TimestampSigner

    user = create_user(Role.VIEWER)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        later = time.time() + app.config["WTF_CSRF_TIME_LIMIT"] + 60
        monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(later))
        response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                               "csrf_token": token})
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_csrf_tokens_have_a_time_limit(app):
    assert 0 < app.config["WTF_CSRF_TIME_LIMIT"] <= 8 * 3600


def _app(monkeypatch, **env: str) -> Flask:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return create_app({"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_debug_mode_is_refused_outside_development(monkeypatch):
    monkeypatch.delenv("EXCHANGE_ENV", raising=False)
    with pytest.raises(ConfigError, match="EXCHANGE_ENV"):
        _app(monkeypatch, FLASK_DEBUG="1")
    assert _app(monkeypatch, FLASK_DEBUG="1", EXCHANGE_ENV="development").debug


def test_the_app_needs_defusedxml(monkeypatch):
    import openpyxl.xml

    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(ConfigError, match="defusedxml"):
        _app(monkeypatch)


def test_database_errors_hide_their_parameters(app):
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True


def test_error_page_shows_no_internals(app, create_user, login, monkeypatch, caplog):
    from exchange.registry import views

    detail = "secret detail Коваленко 1984-03-12"  # as a driver quotes a failing row

    def broken(*_args, **_kwargs):
        raise RuntimeError(detail)

    monkeypatch.setattr(views, "registry_persons", broken)
    app.config["PROPAGATE_UNEXPECTED"] = False
    try:
        response = login(create_user(Role.VIEWER)).get("/")
    finally:
        app.config["PROPAGATE_UNEXPECTED"] = True
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in body
    assert "secret detail" not in body
    assert "Коваленко" not in body
    assert "RuntimeError" in caplog.text  # the log says what broke, where
    assert "Коваленко" not in caplog.text

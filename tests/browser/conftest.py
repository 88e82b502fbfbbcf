"""A live server on its own migrated SQLite file with demo data, and headless Chromium."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from exchange import create_app
from exchange.demo.loader import DemoLogin, load_demo
from exchange.extensions import db

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


# The apps behind the live servers, by base address, so a sign-in can reset the second
# factor's last step used (each test signs in afresh; a code works only once).
LIVE_APPS: dict[str, object] = {}


def sign_in(page, base: str, email: str, password: str, secret: str | None) -> None:
    """Sign in through the page: the password, then the TOTP code when the role needs one."""
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    if secret:
        from exchange.models import User

        app = LIVE_APPS[base]
        with app.app_context():
            db.session.query(User).filter_by(email=email).update({"totp_last_step": None})
            db.session.commit()
    page.click("input[type=submit], button[type=submit]")
    if secret and "/login/code" in page.url:
        import pyotp

        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.click("input[type=submit], button[type=submit]")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, DemoLogin]]:
    path: Path = tmp_path_factory.mktemp("live") / "live.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "live-server-secret-key-0123456789abcdef",
        }
    )
    with app.app_context():
        upgrade()
        login = load_demo(db.session, count=60, seed=7)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    LIVE_APPS[base] = app
    yield base, login
    server.shutdown()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Return where screenshots are kept after the run (TEST_ARTIFACTS, else test-artifacts/)."""
    root = Path(__file__).resolve().parents[2]
    folder = Path(os.environ.get("TEST_ARTIFACTS", root / "test-artifacts")) / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    if executable is None:
        message = "headless Chromium not found (apt-get install chromium): browser tests NOT RUN"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(locale="en-GB")
    outside: list[str] = []
    context.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith("http://127.0.0.1") else None,
    )
    page = context.new_page()
    yield page
    context.close()
    assert outside == [], f"the page asked for outside resources: {outside}"


REVIEW_PASSWORD = "a long review password"
REVIEW_TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(scope="session")
def review_server(tmp_path_factory: pytest.TempPathFactory):
    """A live server whose registry holds two reconciled Crimean lists and a coordinator."""
    from exchange.audit import Actor
    from exchange.importing.operations import import_list
    from exchange.models import Role, User
    from exchange.passwords import hash_password
    from exchange.reconciliation.linking import reconcile_month

    lists = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev" / "lists" / "2025-01"
    if not lists.exists():
        pytest.skip("shared dev data not available")
    path: Path = tmp_path_factory.mktemp("review") / "review.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "review-server-secret-key-0123456789abcdef",
        }
    )
    with app.app_context():
        upgrade()
        actor = Actor(label="test")
        import_list(
            db.session,
            lists / "CHRG_political_prisoners_2025-01.xlsx",
            org_code="CHRG",
            month="2025-01",
            actor=actor,
        )
        import_list(
            db.session,
            lists / "CrimeaSOS_2025-01.xlsx",
            org_code="CRIMEASOS",
            month="2025-01",
            actor=actor,
        )
        reconcile_month(db.session, "2025-01", actor)
        db.session.add(
            User(
                email="reviewer@example.org",
                role=Role.COORDINATOR,
                password_hash=hash_password(REVIEW_PASSWORD),
                totp_secret=REVIEW_TOTP,
            )
        )
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    LIVE_APPS[base] = app
    yield base, app
    server.shutdown()

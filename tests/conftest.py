"""Shared fixtures: one migrated database per test run, one rolled-back transaction per test.

The schema comes from the real Alembic migrations (never `create_all`). SQLite is the
default; set TEST_DATABASE_URL=postgresql://... to run the same tests on PostgreSQL.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from exchange import computed, create_app
from exchange.audit import Actor, acting_as
from exchange.auth.two_factor import SECOND_FACTOR_ROLES
from exchange.extensions import db
from exchange.models import Organisation, Person, Role, User
from exchange.passwords import hash_password
from tests.logcheck import LOG_COLLECTOR

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
# A fictional person whose name and birth date no log line of the whole run may contain
# (tests/exchange/test_canary.py drives them through imports, searches, pages, edits, errors).
CANARY_SURNAME, CANARY_GIVEN, CANARY_BIRTH = "Канарейко", "Пташина", "1931-07-13"
CANARY = (CANARY_SURNAME, CANARY_GIVEN, CANARY_BIRTH, "13.07.1931", "kanareiko")




def pytest_configure(config: pytest.Config) -> None:
    # no background warming of reports (exchange.warming): its thread would share the
    # tests' connection; every app a test creates reads this
    os.environ["WARM_SECONDS"] = "0"
    logging.getLogger().addHandler(LOG_COLLECTOR)
    for name in ("exchange", "repatriation", "matching", "werkzeug", "flask"):
        logging.getLogger(name).setLevel(logging.INFO)


@pytest.fixture(autouse=True)
def _collect_logs() -> None:
    """Keep the collector on the root logger (running migrations replaces its handlers)."""
    root = logging.getLogger()
    if LOG_COLLECTOR not in root.handlers:
        root.addHandler(LOG_COLLECTOR)


PASSWORD = "a long test password"
# argon2 at full strength costs ~50 ms a hash; tests reuse one hash.
_PASSWORD_HASH = hash_password(PASSWORD)
# The second factor of the accounts whose role needs one (tests sign in through it).
TOTP_SECRET = pyotp.random_base32()


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def _reset_postgres(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _database_url(tmp_path_factory)
    if url.startswith("postgres"):
        _reset_postgres(url)
    return url


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    os.environ["DATABASE_URL"] = database_url
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": database_url.replace(
                "postgresql://", "postgresql+psycopg://", 1
            ),
            "WTF_CSRF_ENABLED": False,
        }
    )
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


class _TestScopedSession(scoped_session):
    """The request teardown discards uncommitted work, as in production, but keeps the
    session open so the test's objects stay usable between requests."""

    def remove(self) -> None:
        self.registry().rollback()


@pytest.fixture
def session(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[scoped_session[Session]]:
    """A session whose every commit is undone after the test.

    No app context stays pushed during the test: each request of the test client must get
    its own, as in production (a shared one would keep `g` across requests).
    """
    with app.app_context():
        engine = db.engine
    connection = engine.connect()
    outer = connection.begin()
    scoped = _TestScopedSession(
        sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    )
    monkeypatch.setattr(db, "session", scoped)
    # every test starts from the migrated database and its first registry token again:
    # results another test kept under that token must not show here
    computed.clear()
    yield scoped
    scoped.registry().close()
    outer.rollback()
    connection.close()


@pytest.fixture
def client(app: Flask, session: scoped_session[Session]) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask, session: scoped_session[Session]) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def org(session: scoped_session[Session]) -> Callable[[str], Organisation]:
    """Return an organisation by short code (the migration seeds the eight members)."""

    def get(code: str) -> Organisation:
        return session.query(Organisation).filter_by(code=code).one()

    return get


@pytest.fixture
def create_user(session: scoped_session[Session], org) -> Callable[..., User]:
    """Make an account; state only what the test cares about."""
    counter = iter(range(1, 10_000))

    def make(
        role: Role = Role.VIEWER, org_code: str | None = None, email: str | None = None
    ) -> User:
        user = User(
            email=email or f"user{next(counter)}@example.org",
            password_hash=_PASSWORD_HASH,
            role=role,
            organisation=org(org_code) if org_code else None,
            totp_secret=TOTP_SECRET if role in SECOND_FACTOR_ROLES else None,
        )
        session.add(user)
        session.commit()
        return user

    return make


@pytest.fixture
def create_person(session: scoped_session[Session]) -> Callable[..., Person]:
    def make(**facts: object) -> Person:
        facts.setdefault("surname", "Коваленко")
        facts.setdefault("given_name", "Олександр")
        person = Person(**facts)
        with acting_as(session, Actor(label="test")):
            session.add(person)
            session.commit()
        return person

    return make


def second_factor(session: Session, client: FlaskClient, user: User) -> None:
    """Give the second step of a sign-in: a fresh TOTP code (the last step used is reset,
    so one test may sign the same account in more than once)."""
    user.totp_last_step = None
    session.commit()
    response = client.post("/login/code", data={"code": pyotp.TOTP(user.totp_secret).now()})
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def login(client: FlaskClient, session: scoped_session[Session]) -> Callable[..., FlaskClient]:
    def sign_in(user: User, other: FlaskClient | None = None) -> FlaskClient:
        browser = other or client
        response = browser.post(
            "/login", data={"email": user.email, "password": PASSWORD}, follow_redirects=False
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        if user.totp_secret:
            second_factor(session, browser, user)
        return browser

    return sign_in


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL run only the tests that touch the database (the others ran on SQLite);
    the log check runs after every other test of the run."""
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        keep = [i for i in items if "database_url" in getattr(i, "fixturenames", ())
                or i.get_closest_marker("database") is not None
                or i.get_closest_marker("after_everything") is not None]
        if len(keep) < len(items):
            config.hook.pytest_deselected(items=[i for i in items if i not in keep])
            items[:] = keep
    last = [i for i in items if i.get_closest_marker("after_everything")]
    items[:] = [i for i in items if i not in last] + last

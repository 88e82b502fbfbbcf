"""No name or birth date in any log: a canary person is driven through the app, then the logs
of the whole run are searched for it (the last test of the run, see tests/conftest.py).

The canary goes through an import (with a refused row), the search, the person page, a stale
edit, an export, a database error and an unexpected error in a view, and through a real HTTP
server whose access log records every request line.
"""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from werkzeug.serving import make_server

from exchange import create_app
from exchange.audit import Actor, acting_as
from exchange.extensions import db
from exchange.importing.operations import ImportFailed, import_list
from exchange.models import Person, Role, User
from exchange.passwords import hash_password
from exchange.reconciliation.linking import reconcile_month
from tests.conftest import (
    CANARY,
    CANARY_BIRTH,
    CANARY_GIVEN,
    CANARY_SURNAME,
    PASSWORD,
)
from tests.importing import builders as b
from tests.logcheck import LOG_COLLECTOR

HEADER = ["Код", "Прізвище", "Ім'я", "Дата народження", "Регіон"]
ROW = ["K-1", CANARY_SURNAME, CANARY_GIVEN, "13.07.1931", "Херсонська обл."]


def _canary_list(path: Path, *extra: list[str]) -> Path:
    return b.xlsx(path, [HEADER, ROW, *extra])


@pytest.fixture
def canary_person(session, tmp_path) -> Person:
    actor = Actor(label="test")
    with pytest.raises(ImportFailed):  # a refused row names the canary's file and row
        import_list(session, _canary_list(tmp_path / "bad.xlsx", ["K-2", CANARY_SURNAME, "x",
                                                                  "31.02.1931", "?"]),
                    org_code="ZMINA", month="2025-01", actor=actor)
    session.rollback()
    import_list(session, _canary_list(tmp_path / "good.xlsx"), org_code="ZMINA",
                month="2025-01", actor=actor)
    reconcile_month(session, "2025-01", actor)
    return session.query(Person).filter_by(surname=CANARY_SURNAME).one()


def test_the_canary_goes_through_the_pages(session, login, create_user, canary_person):
    client = login(create_user(Role.COORDINATOR))
    found = client.post("/", data={"q": CANARY_SURNAME}, follow_redirects=True)
    assert CANARY_SURNAME in found.get_data(as_text=True)
    assert CANARY_SURNAME not in found.request.url  # the address never carries the name
    assert canary_person.date_of_birth == CANARY_BIRTH
    assert client.get(f"/persons/{canary_person.id}").status_code == 200
    stale = client.post(f"/persons/{canary_person.id}/edit", data={
        "version": "0", "surname": CANARY_SURNAME + "о", "given_name": CANARY_GIVEN,
        "date_of_birth": "not a date", "reason": "check"})
    assert stale.status_code == 200
    assert client.get("/reports/joint-list.xlsx?month=2025-01").status_code == 200


def test_database_errors_hide_the_row(session, canary_person):
    with pytest.raises(IntegrityError) as caught, session.begin_nested():
        session.execute(text("INSERT INTO person (id, surname, version) VALUES (:id, :s, 1)"),
                        {"id": canary_person.id, "s": CANARY_SURNAME})
    assert "parameters hidden" in str(caught.value)


def test_an_unexpected_error_logs_no_row_data(app, session, login, create_user, canary_person,
                                              monkeypatch, caplog):
    from exchange.registry import views

    def broken(*_args, **_kwargs):
        # a driver's message quotes the failing row, names and all
        raise RuntimeError(f"Failing row contains ({CANARY_SURNAME}, {CANARY_BIRTH})")

    monkeypatch.setattr(views, "registry_persons", broken)
    app.config["PROPAGATE_UNEXPECTED"] = False
    try:
        response = login(create_user(Role.VIEWER)).get("/")
    finally:
        app.config["PROPAGATE_UNEXPECTED"] = True
    assert response.status_code == 500
    assert "unexpected error builtins.RuntimeError" in caplog.text
    assert CANARY_SURNAME not in caplog.text


@pytest.fixture(scope="module")
def http_server(tmp_path_factory):
    """A real HTTP server (Werkzeug's, which logs every request line) on its own database."""
    path = tmp_path_factory.mktemp("canary") / "canary.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "SECRET_KEY": "canary-server-secret-key-0123456789abcdef",
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        with acting_as(db.session, Actor(label="test")):
            db.session.add(Person(surname=CANARY_SURNAME, given_name=CANARY_GIVEN,
                                  date_of_birth=CANARY_BIRTH))
            db.session.add(User(email="viewer@example.org", role=Role.VIEWER,
                                password_hash=hash_password(PASSWORD)))
            db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def test_access_logs_never_carry_a_name(http_server):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def post(path: str, **fields: str) -> str:
        data = urllib.parse.urlencode(fields).encode()
        with opener.open(f"{http_server}{path}", data=data) as response:
            return response.read().decode()

    post("/login", email="viewer@example.org", password=PASSWORD)
    page = post("/", q=CANARY_SURNAME)
    assert CANARY_SURNAME in page
    requests = [line for line in LOG_COLLECTOR.lines if line.startswith("werkzeug:")]
    assert any("POST / HTTP" in line for line in requests)
    assert any("GET /?search=1" in line for line in requests)
    assert not [line for line in requests if any(c in line for c in CANARY)]


@pytest.mark.after_everything
def test_no_log_line_of_the_run_names_the_canary():
    folded = [c.casefold() for c in CANARY]
    leaks = [line for line in LOG_COLLECTOR.lines if any(c in line.casefold() for c in folded)]
    assert leaks == [], "names or birth dates reached the log:\n" + "\n".join(leaks[:5])

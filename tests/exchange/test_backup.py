"""`flask backup` while writes go on, and `flask restore`: a consistent, private copy."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from exchange import create_app
from exchange.audit import Actor, acting_as
from exchange.extensions import db
from exchange.models import AuditEntry, Person

SECRET = "backup-secret-key-0123456789abcdef0123"


def _app(url: str):
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})


class Writer(threading.Thread):
    """Add persons, one commit each, until told to stop."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.engine = create_engine(url, connect_args={"timeout": 30} if "sqlite" in url else {})
        self.stop = threading.Event()
        self.written = 0

    def run(self) -> None:
        with Session(self.engine) as session:
            while not self.stop.is_set():
                with acting_as(session, Actor(label="writer")):
                    session.add(Person(surname="Запис", given_name=str(self.written)))
                    session.commit()
                self.written += 1

    def finish(self) -> int:
        self.stop.set()
        self.join(timeout=30)
        self.engine.dispose()
        return self.written


def _persons(url: str) -> int:
    engine = create_engine(url)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(Person))
    engine.dispose()
    return count


def test_sqlite_backup_while_writing_and_restore(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    app = _app(url)
    with app.app_context():
        upgrade()
    writer = Writer(url)
    writer.start()
    while writer.written < 20:
        threading.Event().wait(0.01)
    out = tmp_path / "backup.db"
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    written = writer.finish()
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600
    in_backup = _persons(f"sqlite:///{out}")
    assert 20 <= in_backup <= written  # a snapshot taken while the writer went on
    assert _persons(url) == written
    again = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert again.exit_code != 0
    assert "never overwrites" in again.output

    fresh = f"sqlite:///{tmp_path / 'restored.db'}"
    other = _app(fresh)
    refused = other.test_cli_runner().invoke(args=["restore", "--from", str(out)])
    assert "--yes" in refused.output
    done = other.test_cli_runner().invoke(args=["restore", "--from", str(out), "--yes"])
    assert done.exit_code == 0, done.output
    assert _persons(fresh) == in_backup
    with other.app_context():
        actions = list(db.session.scalars(select(AuditEntry.action)))
        db.engine.dispose()
    assert actions[-1] == "restore"
    assert "export" in actions  # the backup itself was audited before the copy was taken


@pytest.mark.skipif(not (os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")
                         and shutil.which("pg_dump")),
                    reason="needs the PostgreSQL pass (TEST_DATABASE_URL) and pg_dump")
def test_postgres_backup_while_writing_and_restore(tmp_path):
    base = os.environ["TEST_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in ("registry_backup_src", "registry_backup_dst"):
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    source = base.rsplit("/", 1)[0] + "/registry_backup_src"
    target = base.rsplit("/", 1)[0] + "/registry_backup_dst"
    app = _app(source)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    writer = Writer(source)
    writer.start()
    while writer.written < 20:
        threading.Event().wait(0.01)
    out = tmp_path / "backup.dump"
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    written = writer.finish()
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600
    other = _app(target)
    done = other.test_cli_runner().invoke(args=["restore", "--from", str(out), "--yes"])
    assert done.exit_code == 0, done.output
    assert 20 <= _persons(target) <= written
    with other.app_context():
        db.engine.dispose()
    with app.app_context():
        db.engine.dispose()


def test_backup_refuses_a_folder_it_cannot_write(app, runner, tmp_path):
    result = runner.invoke(args=["backup", "--out", str(tmp_path / "missing" / "b.db")])
    assert result.exit_code != 0
    assert "cannot create" in result.output
    assert not Path(tmp_path / "missing").exists()

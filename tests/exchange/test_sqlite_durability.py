"""SQLite under concurrent writers and under kill -9: exact counts, an intact file, no half batch.

These run on SQLite files of their own (PostgreSQL has its own locking; see the load bench).
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyotp
import pytest
from flask_migrate import upgrade

from exchange import create_app
from exchange.audit import Actor, acting_as
from exchange.extensions import db
from exchange.models import Person, Role, User
from exchange.passwords import hash_password
from tests.importing import builders as b

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
WRITERS, WRITES = 8, 50
PASSWORD = "a long writer password"


def _database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url,
                      "SECRET_KEY": "durability-secret-key-0123456789abcdef"})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def _seed_writers(url: str, secret: str) -> list[tuple[str, int]]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url,
                      "SECRET_KEY": "durability-secret-key-0123456789abcdef"})
    hashed = hash_password(PASSWORD)
    with app.app_context(), acting_as(db.session, Actor(label="test")):
        users = [User(email=f"writer{n}@example.org", role=Role.COORDINATOR,
                      password_hash=hashed, totp_secret=secret) for n in range(WRITERS)]
        persons = [Person(surname="Писар", given_name="Початок") for _ in range(WRITERS)]
        db.session.add_all(users + persons)
        db.session.commit()
        pairs = [(u.email, p.id) for u, p in zip(users, persons, strict=True)]
        db.engine.dispose()
    return pairs


def test_eight_writers_fifty_writes_each(tmp_path):
    url = _database(tmp_path)
    secret = pyotp.random_base32()
    pairs = _seed_writers(url, secret)
    script = Path(__file__).with_name("sqlite_writer.py")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, str(script), url, email, PASSWORD, secret,
                               str(pid), str(WRITES)], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env=env)
             for email, pid in pairs]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0] * WRITERS, outputs
    assert not any("database is locked" in out for out in outputs)
    with sqlite3.connect(tmp_path / "registry.db") as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM person ORDER BY id")]
        updates = conn.execute("SELECT count(*) FROM audit_entry WHERE action = 'update' "
                               "AND object_type = 'person'").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert versions == [1 + WRITES] * WRITERS
    assert updates == WRITERS * WRITES


def _import(url: str, path: Path, month: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "exchange", "import-list",
                             str(path), "--org", "ZMINA", "--month", month],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _batch_state(db_path: Path, month: str) -> tuple[int, int, int]:
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        batches = conn.execute("SELECT count(*), coalesce(sum(row_count), 0) FROM import_batch "
                               "WHERE list_month = ?", (month,)).fetchone()
        records = conn.execute("SELECT count(*) FROM source_record WHERE list_month = ?",
                               (month,)).fetchone()[0]
    return batches[0], batches[1], records


def test_kill_nine_during_imports_leaves_all_or_nothing(tmp_path):
    url = _database(tmp_path)
    rows = 1500
    data = [b.HEADER] + [[f"K-{n}", f"Прізвище{n}", "Ім'я", "01.02.1980", "03.04.2022",
                          "Херсонська обл."] for n in range(rows)]
    path = b.xlsx(tmp_path / "big.xlsx", data)
    months = [f"{2023 + i // 12}-{i % 12 + 1:02d}" for i in range(20)]
    started = time.monotonic()
    assert _import(url, path, months[0]).wait(timeout=120) == 0
    full = time.monotonic() - started
    assert _batch_state(tmp_path / "registry.db", months[0]) == (1, rows, rows)
    rng = random.Random(15)
    outcomes = []
    for month in months[1:]:
        proc = _import(url, path, month)
        time.sleep(rng.uniform(0.1, full))
        proc.kill()  # SIGKILL: no cleanup, no rollback by the process itself
        proc.wait()
        state = _batch_state(tmp_path / "registry.db", month)
        assert state in {(0, 0, 0), (1, rows, rows)}, (month, state)
        outcomes.append(state[0])
    assert 0 in outcomes  # some kills landed before the commit (the test is not vacuous)

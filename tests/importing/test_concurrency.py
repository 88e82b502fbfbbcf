"""Two people committing the same file at the same moment get one batch, not two."""

from __future__ import annotations

import threading
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exchange import create_app
from exchange.audit import Actor
from exchange.extensions import db
from exchange.importing import operations
from exchange.models import ImportBatch, SourceRecord
from tests.importing import builders as b

ROWS = [b.HEADER, b.ROW, ["A-2", "Шевченко", "Тарас", "1990", "2023-01-05", "Крим"]]


def test_double_commit_writes_one_batch(tmp_path: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'race.db'}",
                      "SECRET_KEY": "race-secret-key-0123456789abcdef0123"})
    path = b.xlsx(tmp_path / "z.xlsx", ROWS)
    with app.app_context():
        upgrade()
        engine = db.engine
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def commit() -> None:
            with Session(engine) as session:
                preview = operations.preview_import(session, path, org_code="ZMINA",
                                                    month="2025-01")
                barrier.wait()
                try:
                    operations.commit_import(session, preview, Actor(label="race"))
                    outcomes.append("imported")
                except operations.DuplicateImport:
                    outcomes.append("duplicate")

        threads = [threading.Thread(target=commit) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with Session(engine) as session:
            batches = session.scalar(select(func.count()).select_from(ImportBatch))
            records = session.scalar(select(func.count()).select_from(SourceRecord))
        engine.dispose()
    assert sorted(outcomes) == ["duplicate", "imported"]
    assert (batches, records) == (1, 2)

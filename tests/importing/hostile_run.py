"""Import each hostile file in this one process; print one JSON line per file, then the peak
memory. Run by test_hostile_files.py as `python hostile_run.py DATABASE_URL FILE...`."""

import json
import resource
import sys
from pathlib import Path

from sqlalchemy import func, select

from exchange import create_app
from exchange.audit import Actor
from exchange.extensions import db
from exchange.importing.operations import ImportFailed, import_list
from exchange.models import AuditEntry, ImportBatch, SourceRecord


def _count(model, **where) -> int:
    stmt = select(func.count()).select_from(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    return db.session.scalar(stmt)


def main(url: str, *files: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url,
                      "SECRET_KEY": "hostile-secret-key-0123456789abcdef0123"})
    with app.app_context():
        for name in files:
            refused_before = _count(AuditEntry, action="import_refused")
            try:
                import_list(db.session, Path(name), org_code="ZMINA", month="2025-01",
                            actor=Actor.for_cli())
                message = None
            except ImportFailed as exc:
                errors = [p for p in exc.problems if p.is_error] or exc.problems
                message = str(errors[0])
            print(json.dumps({
                "file": Path(name).name, "message": message,
                "batches": _count(ImportBatch), "records": _count(SourceRecord),
                "audited": _count(AuditEntry, action="import_refused") - refused_before,
            }), flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"peak_mb": peak}), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])

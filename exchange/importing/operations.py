"""Import batches: preview (dry run), commit in one transaction, refuse duplicates, roll back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as, write_entry
from exchange.domain.months import is_month, is_published
from exchange.domain.unlink import unlink_batch
from exchange.importing.load import load_canonical
from exchange.importing.mappings import saved_mapping, saved_value_map
from exchange.importing.parsed import ParsedFile
from exchange.importing.problems import ImportRefused, Problem
from exchange.importing.provenance import record_rows
from exchange.importing.safety import Limits
from exchange.importing.value_maps import ValueMap, merged, parse_value_maps
from exchange.models import ImportBatch, Organisation, SourceRecord
from exchange.models.base import utcnow
from exchange.models.enums import BatchStatus
from exchange.sqlite import writing

MAX_RECORD_ID = 100  # SourceRecord.record_id
INSERT_CHUNK = 2_000  # rows per INSERT: one transaction still, without a copy of the whole file


class ImportFailed(Exception):
    """The import was refused; `problems` says why, each located in the file."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        # the message carries no cell values: exceptions may reach a log, names must not
        first = problems[0] if problems else None
        where = f"{first.file}: {first.text}" if first else "refused"
        super().__init__(f"{where} ({len(problems)} problem(s))")


class DuplicateImport(ImportFailed):
    """The same file was already imported for this organisation and month."""


class RollbackRefused(Exception):
    """The batch cannot be rolled back (unknown, already rolled back, or already linked)."""


@dataclass
class ImportPreview:
    """A dry run: what would be imported, with the mapping used and every problem."""

    organisation: Organisation
    month: str
    file_name: str
    parsed: ParsedFile
    earlier: ImportBatch | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Return every problem that blocks the commit (file, mapping, cells, batch)."""
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        """Return True when the preview may be committed."""
        return not self.errors


def find_organisation(session: Session, code: str) -> Organisation | None:
    """Return the organisation with this short code (any case)."""
    return session.scalar(select(Organisation).where(func.upper(Organisation.code) == code.upper()))


def preview_import(session: Session, path: str | Path, *, org_code: str, month: str,
                   explicit_map: Mapping[str, str] | Iterable[str] | None = None,
                   ignore: Iterable[str] = (), file_name: str | None = None,
                   limits: Limits | None = None, today: dt.date | None = None,
                   value_map: ValueMap | Iterable[str] | None = None) -> ImportPreview:
    """Read the file as it would be imported and collect every problem; write nothing.

    Saved header and value mappings of the organisation apply; explicit ones override them.
    `value_map` is {column: {text key: canonical}} or `column:text=canonical` strings.
    """
    shown = file_name or Path(path).name
    organisation = find_organisation(session, org_code)
    if organisation is None:
        raise ImportFailed([Problem(shown, None, None, org_code, "unknown organisation code")])
    if not is_month(month):
        raise ImportFailed([Problem(shown, None, None, month, "the month must be YYYY-MM")])
    if month_after(month, today or dt.date.today()):
        raise ImportFailed([Problem(shown, None, None, month,
                                    "the list month is after the current month")])
    try:
        values = merged(saved_value_map(session, organisation.id), _value_map(value_map, today))
        parsed = load_canonical(path, explicit_map=_as_dict(explicit_map),
                                saved_map=saved_mapping(session, organisation.id),
                                value_map=values, ignore=ignore, limits=limits, today=today,
                                display_name=shown)
    except ImportRefused as exc:
        raise ImportFailed([exc.problem]) from None
    except ValueError as exc:
        raise ImportFailed([Problem(shown, None, None, None, str(exc))]) from None
    preview = ImportPreview(organisation, month, shown, parsed, problems=list(parsed.problems))
    if is_published(session, month):
        preview.problems.insert(0, Problem(shown, None, None, month, "this month's joint list is "
                                           "published and frozen: import into the next month"))
    _check_batch_fields(preview)
    preview.earlier = earlier_batch(session, organisation.id, month, parsed.sha256)
    if preview.earlier is not None:
        preview.problems.insert(0, _duplicate_problem(preview))
    else:
        preview.problems[0:0] = _other_batches(session, preview)
    return preview


def month_after(month: str, today: dt.date) -> bool:
    """Return True when a `YYYY-MM` list month lies after the current month."""
    return month > f"{today.year:04d}-{today.month:02d}"


def _value_map(value_map: ValueMap | Iterable[str] | None, today: dt.date | None) -> ValueMap:
    """Return explicit value mappings as {column: {text key: canonical}}."""
    if isinstance(value_map, dict):
        return value_map
    return parse_value_maps(list(value_map or ()), today)


def _other_batches(session: Session, preview: ImportPreview) -> list[Problem]:
    """Warn that the organisation already has a list for this month (a replacement?)."""
    batches = session.scalars(select(ImportBatch).where(
        ImportBatch.organisation_id == preview.organisation.id,
        ImportBatch.list_month == preview.month,
        ImportBatch.status == BatchStatus.COMMITTED).order_by(ImportBatch.id)).all()
    return [Problem(preview.file_name, None, None, None,
                    f"{preview.organisation.code} {preview.month} already has batch {b.id} "
                    f"({b.file_name}, {b.row_count} rows): this file adds its rows to it; if "
                    "it replaces that list, roll the earlier batch back", "warning")
            for b in batches]


def _as_dict(explicit_map: Mapping[str, str] | Iterable[str] | None) -> dict[str, str]:
    """Return an explicit mapping as {header: column}, from a dict or `H=col` strings."""
    if not explicit_map:
        return {}
    if isinstance(explicit_map, Mapping):
        return dict(explicit_map)
    pairs = {}
    for text in explicit_map:
        header, sep, column = text.rpartition("=")
        pairs[header if sep else text] = column if sep else ""
    return pairs


def _check_batch_fields(preview: ImportPreview) -> None:
    """Require `source_org`/`list_month` cells, where the file has them, to match the batch."""
    expected = {"source_org": preview.organisation.code, "list_month": preview.month}
    for record in preview.parsed.records:
        rid = record.values.get("record_id") or ""
        if len(rid) > MAX_RECORD_ID:
            preview.problems.append(Problem(preview.file_name, record.row_number, "record_id",
                                            rid[:40] + "…", f"record id longer than "
                                            f"{MAX_RECORD_ID} characters"))
        for column, value in expected.items():
            found = record.values.get(column)
            if found and found.upper() != value.upper():
                preview.problems.append(Problem(
                    preview.file_name, record.row_number, column, found,
                    f"this row belongs to {found}, but the import is for {value}"))
            record.values[column] = value


def earlier_batch(session: Session, organisation_id: int, month: str,
                  file_hash: str) -> ImportBatch | None:
    """Return the committed batch that already holds this file for this organisation and month."""
    return session.scalar(
        select(ImportBatch)
        .where(ImportBatch.organisation_id == organisation_id, ImportBatch.list_month == month,
               ImportBatch.file_hash == file_hash,
               ImportBatch.status == BatchStatus.COMMITTED)
        .order_by(ImportBatch.id)
    )


def _duplicate_problem(preview: ImportPreview) -> Problem:
    """Describe the earlier batch that holds the same file."""
    b = preview.earlier
    when = b.created_at.strftime("%Y-%m-%d %H:%M") if b.created_at else "?"
    return Problem(preview.file_name, None, None, None,
                   f"this file was already imported for {preview.organisation.code} "
                   f"{preview.month} as batch {b.id} ({b.file_name}, {when} UTC, by "
                   f"{b.created_by_label}); roll that batch back first to import it again")


def commit_import(session: Session, preview: ImportPreview, actor: Actor) -> ImportBatch:
    """Write the previewed file as one batch in one transaction, or refuse and write nothing."""
    if not preview.ok:
        error_type = DuplicateImport if preview.earlier is not None else ImportFailed
        raise error_type(preview.errors)
    try:
        with acting_as(session, actor, reason=f"import of {preview.file_name}"):
            _serialise_writes(session, preview.organisation.id)
            _refuse_if_imported_meanwhile(session, preview)
            batch = _new_batch(preview, actor)
            session.add(batch)
            session.flush()
            rows = record_rows(preview, batch.id)
            while chunk := list(islice(rows, INSERT_CHUNK)):
                session.execute(insert(SourceRecord), chunk)
            write_entry(session, action="import", object_type="import_batch",
                        object_id=batch.id, changes=_audit_changes(preview))
            session.commit()
    except Exception:
        session.rollback()
        raise
    return batch


def _serialise_writes(session: Session, organisation_id: int) -> None:
    """Hold the organisation's row lock, so its imports and rollbacks run one at a time.

    A double-clicked commit must not write the same file twice: the second writer waits
    here, then sees the first one's batch.
    """
    session.commit()  # end the preview's read transaction: its snapshot may be stale
    if session.get_bind().dialect.name == "sqlite":  # SQLite has one writer: take its lock
        session.execute(update(Organisation).where(Organisation.id == organisation_id)
                        .values(code=Organisation.code))
    else:
        session.execute(select(Organisation.id).where(Organisation.id == organisation_id)
                        .with_for_update())


def _refuse_if_imported_meanwhile(session: Session, preview: ImportPreview) -> None:
    """Check again, in the writing transaction, that nobody imported the file since the preview."""
    earlier = earlier_batch(session, preview.organisation.id, preview.month,
                            preview.parsed.sha256)
    if earlier is not None:
        preview.earlier = earlier
        raise DuplicateImport([_duplicate_problem(preview)])


def _new_batch(preview: ImportPreview, actor: Actor) -> ImportBatch:
    """Build the batch row: provenance, the mapping used and a summary of the problems."""
    parsed = preview.parsed
    mapping: dict[str, str | None] = dict(parsed.mapping)
    mapping.update(dict.fromkeys(parsed.ignored_headers))
    return ImportBatch(
        organisation_id=preview.organisation.id, list_month=preview.month,
        file_name=preview.file_name[:255], file_hash=parsed.sha256,
        status=BatchStatus.COMMITTED, row_count=len(parsed.records), mapping=mapping,
        summary={"sheet": parsed.sheet, "header_row": parsed.header_row,
                 "warnings": len(parsed.warnings), "details": parsed.details},
        created_by_id=actor.user_id, created_by_label=actor.label,
    )


def _audit_changes(preview: ImportPreview) -> dict[str, list[object]]:
    """Return the batch facts the audit entry records (never names or dates of birth)."""
    return {
        "organisation": [None, preview.organisation.code],
        "list_month": [None, preview.month],
        "file_name": [None, preview.file_name],
        "file_hash": [None, preview.parsed.sha256],
        "row_count": [None, len(preview.parsed.records)],
    }


def record_refusal(session: Session, actor: Actor, *, file_name: str, org_code: str,
                   month: str, problems: list[Problem]) -> None:
    """Audit a refused import: which file, for whom, how many problems, the first one's text.

    The problems' values (which may be names) stay out: the file itself was not kept.
    """
    errors = [p for p in problems if p.is_error] or problems
    with writing(session), acting_as(session, actor):
        write_entry(session, action="import_refused", object_type="import",
                    object_id=f"{org_code}:{month}"[:60],
                    changes={"file_name": [None, file_name[:200]],
                             "problems": [None, len(errors)],
                             "first": [None, errors[0].message[:300] if errors else None]})
        session.commit()


def import_list(session: Session, path: str | Path, *, org_code: str, month: str,
                actor: Actor, dry_run: bool = False, **options: object) -> ImportPreview:
    """Preview a file and, unless `dry_run`, commit it; raise ImportFailed when refused."""
    try:
        preview = preview_import(session, path, org_code=org_code, month=month, **options)
    except ImportFailed as exc:
        _refused(session, actor, path, org_code, month, exc.problems, options)
        raise
    if not preview.ok:
        error_type = DuplicateImport if preview.earlier is not None else ImportFailed
        _refused(session, actor, path, org_code, month, preview.errors, options)
        raise error_type(preview.errors)
    if not dry_run:
        commit_import(session, preview, actor)
    return preview


def _refused(session: Session, actor: Actor, path: str | Path, org_code: str, month: str,
             problems: list[Problem], options: Mapping[str, object]) -> None:
    session.rollback()
    shown = str(options.get("file_name") or options.get("display_name") or Path(path).name)
    record_refusal(session, actor, file_name=shown, org_code=org_code, month=month,
                   problems=problems)


def _check_rollback(session: Session, batch: ImportBatch) -> None:
    """Refuse to roll back a batch that is gone or in a frozen month."""
    session.refresh(batch)
    if batch.status != BatchStatus.COMMITTED:
        raise RollbackRefused(f"batch {batch.id} was already rolled back")
    if is_published(session, batch.list_month):
        raise RollbackRefused(f"batch {batch.id} belongs to {batch.list_month}, which is "
                              "published and frozen")


def rollback_batch(session: Session, batch_id: int, actor: Actor, reason: str) -> ImportBatch:
    """Remove every row of a batch in one transaction and mark the batch rolled back."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise RollbackRefused(f"there is no import batch {batch_id}")
    _serialise_writes(session, batch.organisation_id)
    try:
        _check_rollback(session, batch)
    except RollbackRefused:
        session.rollback()  # release the lock at once
        raise
    try:
        with acting_as(session, actor, reason=reason):
            # Rows already reconciled leave their persons first, who are then recomputed.
            unlinked = unlink_batch(session, batch_id)
            removed = session.execute(delete(SourceRecord).where(
                SourceRecord.batch_id == batch_id)).rowcount
            session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
                status=BatchStatus.ROLLED_BACK, rolled_back_at=utcnow(),
                rolled_back_by_label=actor.label, rollback_reason=reason[:1000]))
            write_entry(session, action="rollback", object_type="import_batch",
                        object_id=batch_id, changes={"status": ["committed", "rolled_back"],
                                                     "rows_removed": [removed, 0],
                                                     "rows_unlinked": [unlinked, 0]})
            session.commit()
    except IntegrityError:
        session.rollback()
        raise RollbackRefused(f"rows of batch {batch_id} are already used elsewhere in the "
                              "registry (charges, detentions, names): nothing was changed"
                              ) from None
    except Exception:
        session.rollback()
        raise
    session.refresh(batch)
    return batch

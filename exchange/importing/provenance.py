"""Source-record rows as stored: canonical values plus the raw cells and their warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from exchange.models.base import utcnow

if TYPE_CHECKING:
    from exchange.importing.operations import ImportPreview


def plain(value: object) -> object:
    """Return a raw cell as JSON can hold it (dates as ISO text, formulas as their text)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)


def record_rows(preview: ImportPreview, batch_id: int) -> Iterator[dict[str, object]]:
    """Yield one insert dict per canonical row of the preview (lazily: memory stays flat)."""
    parsed = preview.parsed
    warnings: dict[int, list[dict[str, object]]] = {}
    for p in parsed.warnings:
        if p.row is not None:
            warnings.setdefault(p.row, []).append(
                {"column": p.column, "value": p.value, "message": p.message,
                 "params": dict(p.params)})
    now = utcnow()
    return (
        {
            "batch_id": batch_id,
            "organisation_id": preview.organisation.id,
            "list_month": preview.month,
            "file_name": preview.file_name[:255],
            "file_hash": parsed.sha256,
            "row_number": r.row_number,
            "record_id": (r.values.get("record_id") or "")[:100] or None,
            "raw": {h: plain(v) for h, v in r.raw.items()},
            "values": {c: v for c, v in r.values.items() if v is not None},
            "problems": warnings.get(r.row_number),
            "created_at": now,
        }
        for r in parsed.records
    )

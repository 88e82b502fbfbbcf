"""Every file the app hands out: a safe file name, never cached, and an audit entry saying
who took what (which list, which filter) and how many rows.

Web downloads go through `send_xlsx`; command-line exports call `record_export`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Hashable, Mapping
from typing import IO, Any

from flask import Response, send_file
from flask_login import current_user
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as, write_entry
from exchange.computed import remember
from exchange.extensions import db
from exchange.sqlite import writing

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(name: str, default: str = "export.xlsx") -> str:
    """Return a file name of plain letters, digits, `.`, `_` and `-` (no path, no quotes)."""
    clean = _UNSAFE.sub("-", name).strip(".-")[:100]
    return clean or default


def rows_written(result: object) -> int | None:
    """Return the number of rows a writer reports (a count, or counts per sheet)."""
    if isinstance(result, bool):
        return None
    if isinstance(result, int):
        return result
    if isinstance(result, Mapping) and all(isinstance(v, int) for v in result.values()):
        return sum(result.values())
    return None


def record_export(session: Session, actor: Actor, *, what: str,
                  filters: Mapping[str, Any], rows: int | None) -> None:
    """Write the audit entry of an export: who, what, with which filter, how many rows."""
    shown = {k: v for k, v in filters.items() if v not in (None, "", False)}
    with writing(session), acting_as(session, actor):
        write_entry(session, action="export", object_type="export", object_id=what[:60],
                    changes={"filters": [None, shown], "rows": [None, rows]})
        session.commit()


def send_xlsx(write: Callable[[IO[bytes]], object], name: str, *, what: str,
              filters: Mapping[str, Any], kept: Hashable | None = None) -> Response:
    """Write a workbook in memory, audit the download, and send it as an attachment.

    With `kept` (everything the file depends on besides the registry: month, language,
    what the reader may see, ...), the file is written once per state of the registry
    (`exchange.computed`); every download is audited all the same.
    """
    def written() -> tuple[bytes, int | None]:
        buffer = io.BytesIO()
        result = write(buffer)
        return buffer.getvalue(), rows_written(result)

    data, rows = (remember(db.session, ("xlsx", what, kept), written) if kept is not None
                  else written())
    record_export(db.session, Actor.for_user(current_user), what=what, filters=filters,
                  rows=rows)
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=safe_file_name(name))

"""Uploaded lists kept on disk between the preview and the commit (never in the session).

A pending upload holds a whole list of personal data, so it lives only as long as it is
needed: it is deleted at its commit, and any upload older than MAX_AGE_SECONDS is deleted
whenever the import pages are used (by anyone).
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from werkzeug.datastructures import FileStorage

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,60}$")
MAX_AGE_SECONDS = 2 * 3600


@dataclass
class PendingUpload:
    """An uploaded file waiting for its mapping and commit."""

    token: str
    user_id: int
    organisation_id: int
    month: str
    file_name: str
    suffix: str
    mapping: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)  # `column:text` -> canonical value


def upload_dir(base: str | Path, *, named: bool = True) -> Path:
    """Return the folder for pending uploads (`base/import_uploads`), private to the app."""
    folder = Path(base) / "import_uploads" if named else Path(base)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def store(folder: Path, upload: FileStorage, *, user_id: int, organisation_id: int,
          month: str) -> PendingUpload:
    """Save an upload under a random name (never the user's file name) and its details."""
    purge_old(folder)
    name = Path(upload.filename or "list").name[:200]
    suffix = Path(name).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ".bin"
    pending = PendingUpload(secrets.token_urlsafe(24), user_id, organisation_id, month, name,
                            suffix)
    upload.save(folder / f"{pending.token}{suffix}")
    save(folder, pending)
    return pending


def save(folder: Path, pending: PendingUpload) -> None:
    """Write the details of a pending upload."""
    (folder / f"{pending.token}.json").write_text(json.dumps(asdict(pending)), "utf-8")


def load(folder: Path, token: str) -> PendingUpload | None:
    """Return the pending upload for a token, or None if unknown or malformed."""
    purge_old(folder)
    if not _TOKEN.match(token):
        return None
    meta = folder / f"{token}.json"
    if not meta.exists():
        return None
    return PendingUpload(**json.loads(meta.read_text("utf-8")))


def file_path(folder: Path, pending: PendingUpload) -> Path:
    """Return where the uploaded bytes are."""
    return folder / f"{pending.token}{pending.suffix}"


def discard(folder: Path, pending: PendingUpload) -> None:
    """Delete an upload and its details."""
    for path in (file_path(folder, pending), folder / f"{pending.token}.json"):
        path.unlink(missing_ok=True)


def purge_old(folder: Path, now: float | None = None) -> None:
    """Delete uploads nobody committed within MAX_AGE_SECONDS."""
    cutoff = (time.time() if now is None else now) - MAX_AGE_SECONDS
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)

"""Backups of the whole registry and their restore, readable by the owner only.

SQLite: the online backup API copies a consistent snapshot while the app keeps writing.
PostgreSQL: `pg_dump --format=custom` (and `pg_restore --clean`), the Debian postgresql
client tools. The backup file is created with mode 0600 before a byte is written, and never
overwrites a file that exists.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why."""


def _private_file(out: Path) -> int:
    """Create `out` for writing, owner-only (0600); refuse one that exists."""
    try:
        return os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{out} exists: a backup never overwrites a file") from None
    except OSError as exc:
        raise BackupError(f"cannot create {out}: {exc.strerror}") from None


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return Path(url.database)


def backup(database_url: str, out: Path) -> None:
    """Write a consistent copy of the database to `out` (mode 0600)."""
    url = make_url(database_url)
    fd = _private_file(out)
    try:
        if url.get_backend_name() == "sqlite":
            os.close(fd)
            _sqlite_copy(_sqlite_path(url), out)
        else:
            _pg(["pg_dump", "--format=custom", "--no-owner"], url, stdout=fd)
            os.close(fd)
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with a backup."""
    if not source.is_file():
        raise BackupError(f"no backup file {source}")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(source, _sqlite_path(url))
    else:
        with source.open("rb") as handle:
            _pg(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"],
                url, stdin=handle, database_flag=True)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API, then check it."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"the copy in {target} fails its integrity check")
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy {source}: {exc}") from None
    finally:
        dst.close()
        src.close()


def _pg(command: list[str], url: URL, *, stdout: int | None = None, stdin=None,  # type: ignore[no-untyped-def]
        database_flag: bool = False) -> None:
    """Run a PostgreSQL client tool against the database (the password by environment)."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client)")
    args = [*command, "--host", url.host or "localhost", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    args += ["--dbname", url.database or ""] if database_flag else [url.database or ""]
    env = {**os.environ, "PGPASSWORD": url.password or ""} if url.password else None
    done = subprocess.run(args, stdout=stdout, stdin=stdin, stderr=subprocess.PIPE, env=env,
                          check=False)
    if done.returncode != 0:
        # the tool's message names the database and the failing step, never row data
        raise BackupError(f"{command[0]} failed: {done.stderr.decode(errors='replace')[-500:]}")

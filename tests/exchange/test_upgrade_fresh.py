"""`flask db upgrade` on an empty database, then down and up again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _flask(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "exchange", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="the PostgreSQL pass migrates its own database in the app fixture",
)
def test_upgrade_downgrade_upgrade_on_an_empty_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    for args in (("db", "upgrade"), ("db", "downgrade", "base"), ("db", "upgrade")):
        result = _flask(*args, url=url)
        assert result.returncode == 0, result.stderr
    heads = _flask("db", "heads", url=url)
    assert heads.stdout.count("(head)") == 1, heads.stdout

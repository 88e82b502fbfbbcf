"""The recompute hook is switched on by create_app, not as a side effect of an import."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
from sqlalchemy import event
from sqlalchemy.orm import Session

import exchange.classification.operations  # the module that used to switch it on
from exchange.classification import hooks

print(event.contains(Session, "after_flush", hooks._after_flush))
from exchange import create_app

create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})
create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})
print(event.contains(Session, "after_flush", hooks._after_flush))
print(event.contains(Session, "before_commit", hooks._before_commit))
"""


def test_create_app_installs_the_recompute_hook():
    run = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    assert run.stdout.split() == ["False", "True", "True"]

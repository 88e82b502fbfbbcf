"""Uploads of the import pages go to a temporary folder, not the instance folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask


@pytest.fixture(autouse=True)
def _upload_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path / "uploads")
    yield
    app.config.pop("IMPORT_UPLOAD_DIR", None)

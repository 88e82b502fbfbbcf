"""`matching/` stays a pure library: no Flask, SQLAlchemy or exchange imports."""

import ast
from pathlib import Path

import pytest

import matching

FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "exchange", "werkzeug", "alembic")
SOURCES = sorted(Path(matching.__file__).parent.rglob("*.py"))


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_sources_found():
    assert len(SOURCES) >= 8


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_web_or_database_imports(path):
    bad = {m for m in _imported_modules(path) if m.split(".")[0] in FORBIDDEN}
    assert not bad, f"{path.name} imports {sorted(bad)}"

"""Both languages in any installation: catalogs compile on start, also from a read-only place."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from exchange.i18n import CATALOGS, compiled_catalogs


def _copy_catalogs(tmp_path: Path) -> Path:
    source = tmp_path / "translations"
    shutil.copytree(CATALOGS, source, ignore=shutil.ignore_patterns("*.mo"))
    return source


def test_catalogs_compile_next_to_the_po_files(tmp_path: Path) -> None:
    source = _copy_catalogs(tmp_path)
    target = compiled_catalogs(tmp_path / "instance", source)
    assert target == source
    with (source / "uk/LC_MESSAGES/messages.mo").open("rb") as fh:
        catalog = read_mo(fh)
    assert catalog.get("Sign in") is not None
    assert catalog.get("Sign in").string


def test_a_read_only_package_compiles_into_the_instance_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _copy_catalogs(tmp_path)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == source
                        else real_access(p, mode))
    target = compiled_catalogs(tmp_path / "instance", source)
    assert target == tmp_path / "instance" / "translations"
    assert (target / "uk/LC_MESSAGES/messages.mo").stat().st_size > 1000
    assert not (source / "uk/LC_MESSAGES/messages.mo").exists()


def test_a_fresh_mo_is_not_compiled_again(tmp_path: Path) -> None:
    source = _copy_catalogs(tmp_path)
    compiled_catalogs(tmp_path / "instance", source)
    mo = source / "uk/LC_MESSAGES/messages.mo"
    before = mo.stat().st_mtime_ns
    compiled_catalogs(tmp_path / "instance", source)
    assert mo.stat().st_mtime_ns == before


def test_the_ukrainian_catalog_is_complete() -> None:
    from babel.messages.pofile import read_po

    with (CATALOGS / "uk/LC_MESSAGES/messages.po").open("rb") as fh:
        catalog = read_po(fh)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []

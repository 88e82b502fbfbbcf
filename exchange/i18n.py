"""Languages: the user's pick, else the browser's preference; catalogs compiled on start."""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import has_request_context, request, session

LANGUAGES = {"en": "English", "uk": "Українська"}
CATALOGS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """Return the locale for this request (English for the command line)."""
    if not has_request_context():
        return "en"
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


def compiled_catalogs(instance_path: Path, source: Path = CATALOGS) -> Path:
    """Compile the .po catalogs that have no fresh .mo; return the folder holding the .mo files.

    An installed package may sit in a read-only place: then the catalogs are compiled into
    the instance folder. Any installation, however made, thus serves both languages.
    """
    target = source if os.access(source, os.W_OK) else instance_path / "translations"
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        partial = mo.with_name(f".{mo.name}.{os.getpid()}")
        with po.open("rb") as src, partial.open("wb") as dst:
            write_mo(dst, read_po(src))  # fuzzy entries are left out, as they should be
        os.replace(partial, mo)  # atomic: workers starting together never read half a file
    return target

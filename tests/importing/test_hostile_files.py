"""A corpus of hostile files, generated here (no binaries are committed), imported one after
another in one process: each is refused with a clear message naming the file, nothing is
written, the refusal is audited, the process lives through all of them, memory stays bounded.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from flask_migrate import upgrade

from exchange import create_app
from exchange.extensions import db
from tests.importing import builders as b

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
PEAK_MB = 600  # the app itself takes ~150 MB; a bomb that got through would take gigabytes


def _xxe(path: Path) -> Path:
    good = b.xlsx(path.with_name("whole-xxe.xlsx"), [b.HEADER, b.ROW])
    payload = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               'count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>')
    return b.replace_part(good, path, "xl/sharedStrings.xml", payload.encode())


def _lying_dimension(path: Path) -> Path:
    good = b.xlsx(path.with_name("whole-dim.xlsx"), [b.HEADER, b.ROW])
    with zipfile.ZipFile(good) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    lying = re.sub(rb'<dimension ref="[^"]+" ?/>', b'<dimension ref="A1:F1000001"/>', sheet)
    assert lying != sheet
    return b.replace_part(good, path, "xl/worksheets/sheet1.xml", lying)


def _control(path: Path) -> Path:
    return b.csv_file(path, [b.HEADER, ["A-1", "Кова\u200bленко", "Олек\x07сандр", "01.02.1980",
                                       "03.04.2022", "Крим"]])


def _script(path: Path) -> Path:
    return b.xlsx(path, [b.HEADER, ["A-1", "<script>alert(1)</script>", "Олександр",
                                   "01.02.1980", "03.04.2022", "Крим"]])


# file name -> (builder, words the refusal must say)
CORPUS = {
    "not-a-zip.xlsx": (b.not_a_zip, "not a zip archive"),
    "encrypted.xlsx": (b.password_protected, "password-protected"),
    "zip-bomb.xlsx": (b.zip_bomb, "zip bomb"),
    "billion-laughs.xlsx": (b.entity_bomb, "entity bomb"),
    "xxe.xlsx": (_xxe, "declares a DTD"),
    "lying-dimension.xlsx": (_lying_dimension, "declares 1000000 data rows"),
    "merged.xlsx": (b.merged_rows, "merged cells across rows"),
    "control.csv": (_control, "control or invisible characters"),
    "script.xlsx": (_script, "a name cannot hold < or >"),
}


def test_hostile_corpus(tmp_path):
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url,
                      "SECRET_KEY": "hostile-secret-key-0123456789abcdef0123"})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    files = [str(builder(tmp_path / name)) for name, (builder, _) in CORPUS.items()]
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("hostile_run.py")), url,
                           *files], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]  # alive through every file
    assert "Traceback" not in done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    results, peak = {r["file"]: r for r in lines[:-1]}, lines[-1]["peak_mb"]
    for name, (_, words) in CORPUS.items():
        found = results[name]
        assert found["message"] is not None, f"{name} was imported"
        assert words in found["message"], (name, found["message"])
        assert name in found["message"]  # the message names the file
        assert (found["batches"], found["records"]) == (0, 0), name  # nothing written
        assert found["audited"] == 1, name
    assert peak < PEAK_MB, f"peak memory {peak} MB"

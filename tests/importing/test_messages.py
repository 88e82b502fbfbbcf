"""Every fixed problem text listed for translation is one the importer really uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exchange.importing.messages import PROBLEM_TEXTS

_PACKAGE = Path(__file__).parents[2] / "exchange" / "importing"
# the sources with implicitly concatenated string literals joined back together
SOURCE = "".join(re.sub(r'"\s*\n\s*"', "", p.read_text("utf-8"))
                 for p in _PACKAGE.glob("*.py") if p.name != "messages.py")


@pytest.mark.parametrize("text", PROBLEM_TEXTS)
def test_listed_text_is_used(text: str) -> None:
    assert text in SOURCE

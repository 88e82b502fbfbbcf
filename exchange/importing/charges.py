"""The charges column: RF Criminal Code articles, read by the classification package's parser."""

from __future__ import annotations

from exchange.importing.values_base import Notes


def normalise_charges(text: str, notes: Notes) -> str | None:
    """Return the charges cell trimmed (the shared parser is not available yet)."""
    return text.strip() or None

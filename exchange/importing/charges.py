"""The charges column: RF Criminal Code articles, read by the classification package's parser."""

from __future__ import annotations

from exchange.domain.charges import ChargesError, format_charges, parse_charges
from exchange.importing.values_base import BadValue, Notes


def normalise_charges(text: str, notes: Notes) -> str | None:
    """Return the charges in canonical form (`205.5 ч.2; 30 ч.1, 278`)."""
    try:
        charges = parse_charges(text)
    except ChargesError as exc:
        raise BadValue(f"{exc.reason} in {exc.fragment!r}") from exc
    return format_charges(charges) or None

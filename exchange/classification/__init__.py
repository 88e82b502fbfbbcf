"""Classification of detainees into the six treatment categories of the Concept (000)."""

from exchange.classification.charges import Charge, ChargesError, format_charges, parse_charges

__all__ = ["Charge", "ChargesError", "format_charges", "parse_charges"]

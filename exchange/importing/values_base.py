"""What every value normaliser shares: the error it raises and the notes it collects."""

from __future__ import annotations


class BadValue(ValueError):
    """A cell value that cannot be read as its column's kind."""


class Notes:
    """Collect warnings (repairs and guesses) made while normalising one cell."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        """Record a repair or guess that the user must see."""
        self.warnings.append(message)

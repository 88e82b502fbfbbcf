"""Pages of a list computed in Python, shaped like Flask-SQLAlchemy's pagination.

The `pager` macro (templates/macros.html) reads either; a page past the end shows the last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Page", "paginate"]


@dataclass(frozen=True)
class Page:
    """One page of an already computed list."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate(rows: Sequence[Any], page: int, per_page: int) -> Page:
    """Return the page of `rows` (a page past the end shows the last one)."""
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    return Page(list(rows[start : start + per_page]), page, per_page, len(rows))

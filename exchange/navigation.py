"""Menu entries that feature blueprints add for the roles that may use them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, url_for
from flask_babel import get_locale
from flask_login import current_user

from exchange.i18n import LANGUAGES
from exchange.models.enums import Role


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: Any  # a lazy string, translated when shown
    roles: frozenset[Role]
    order: int


_ITEMS: dict[str, NavItem] = {}


def add(endpoint: str, label: Any, roles: Iterable[Role] = tuple(Role), order: int = 50) -> None:
    """Show a menu entry for `endpoint` to users holding one of `roles`."""
    _ITEMS[endpoint] = NavItem(endpoint, label, frozenset(roles), order)


def install(app: Flask) -> None:
    """Expose `nav_items()` and the language list to templates."""

    @app.context_processor
    def _nav() -> dict[str, Any]:
        def nav_items() -> list[dict[str, str]]:
            if not current_user.is_authenticated:
                return []
            items = sorted(_ITEMS.values(), key=lambda i: (i.order, i.endpoint))
            return [
                {"url": url_for(i.endpoint), "label": str(i.label)}
                for i in items
                if current_user.role in i.roles and i.endpoint in app.view_functions
            ]

        return {"nav_items": nav_items, "languages": LANGUAGES, "get_locale": get_locale}

"""Menu entries that feature blueprints add, grouped by task, for the roles that may use them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from exchange.i18n import LANGUAGES
from exchange.models.enums import Role

# The menu's groups, one dropdown each, in the order most roles work through them.
GROUPS: dict[str, Any] = {
    "registry": _l("Registry"),
    "lists": _l("Lists & matching"),
    "exchange": _l("Exchange"),
    "road": _l("Road home"),
}
# A negotiator's work is the rosters and rounds: their menu opens with them.
FIRST_GROUP = {Role.NEGOTIATOR: "exchange"}


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: Any  # a lazy string, translated when shown
    roles: frozenset[Role]
    order: int
    group: str


_ITEMS: dict[str, NavItem] = {}


def add(endpoint: str, label: Any, roles: Iterable[Role] = tuple(Role), order: int = 50,
        group: str = "registry") -> None:
    """Show a menu entry for `endpoint` in `group` to users holding one of `roles`."""
    if group not in GROUPS:
        raise ValueError(f"menu group {group!r} is not one of {', '.join(GROUPS)}")
    _ITEMS[endpoint] = NavItem(endpoint, label, frozenset(roles), order, group)


def group_order(role: Role | None) -> list[str]:
    """Return the menu's groups in the order this role sees them."""
    first = FIRST_GROUP.get(role) if role else None
    return ([first] if first else []) + [g for g in GROUPS if g != first]


def menu(role: Role | None, endpoints: Iterable[str]) -> list[dict[str, Any]]:
    """Return the groups of the menu with the entries this role may use (empty ones left out)."""
    present = set(endpoints)
    items = sorted(_ITEMS.values(), key=lambda i: (i.order, i.endpoint))
    groups = []
    for key in group_order(role):
        entries = [{"url": url_for(i.endpoint), "label": str(i.label), "endpoint": i.endpoint}
                   for i in items
                   if i.group == key and role in i.roles and i.endpoint in present]
        if entries:
            groups.append({"key": key, "label": str(GROUPS[key]), "items": entries})
    return groups


def install(app: Flask) -> None:
    """Expose `nav_groups()` and the language list to templates."""

    @app.context_processor
    def _nav() -> dict[str, Any]:
        def nav_groups() -> list[dict[str, Any]]:
            if not current_user.is_authenticated:
                return []
            return menu(current_user.role, app.view_functions)

        return {"nav_groups": nav_groups, "languages": LANGUAGES, "get_locale": get_locale}

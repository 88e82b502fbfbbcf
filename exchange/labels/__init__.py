"""Labels for stored values in the reader's language: `label('category', 'transfer')`.

Stored values are codes (`non_violent_amnesty`, `UA-43`, `date_of_birth`); people read
labels. The labels of every vocabulary are a data file (`data/values.csv`, English and
Ukrainian side by side) so a coordinator can review them; region names come from
ISO 3166-2:UA as pycountry ships it. Pages use the `label` filter and `region_name`;
exports call the same functions with the workbook's language.
"""

from __future__ import annotations

import csv
import gettext
from functools import cache
from importlib import resources

import pycountry
from flask import Flask, has_request_context
from flask_babel import get_locale

LANGUAGES = ("en", "uk")
_EXCLUDED_PREFIX = "excluded:"

__all__ = ["LANGUAGES", "install", "label", "labels", "region_name", "region_names",
           "vocabularies"]


@cache
def _table() -> dict[str, dict[str, dict[str, str]]]:
    """Return vocabulary -> value -> language -> label."""
    text = resources.files("exchange.labels").joinpath("data", "values.csv").read_text("utf-8")
    table: dict[str, dict[str, dict[str, str]]] = {}
    for row in csv.DictReader(text.splitlines()):
        table.setdefault(row["vocabulary"], {})[row["value"]] = {
            language: row[language] for language in LANGUAGES}
    return table


def vocabularies() -> dict[str, frozenset[str]]:
    """Return every vocabulary with the values it has labels for."""
    return {name: frozenset(values) for name, values in _table().items()}


def current_language() -> str:
    """Return the language of the page being rendered (English outside a request)."""
    if has_request_context():
        locale = get_locale()
        if locale is not None and locale.language in LANGUAGES:
            return locale.language
    return "en"


def label(vocabulary: str, value: object, language: str | None = None) -> str:
    """Return the label of a stored value; an unknown value is shown as it is stored."""
    if value is None or value == "":
        return ""
    text = str(getattr(value, "value", value))
    language = language or current_language()
    if vocabulary == "eligibility" and text.startswith(_EXCLUDED_PREFIX):
        exclusion = label("exclusion", text[len(_EXCLUDED_PREFIX):], language)
        return f"{label('eligibility', 'excluded', language)}: {exclusion}"
    if vocabulary == "region":
        return region_name(text, language)
    entry = _table().get(vocabulary, {}).get(text)
    return entry[language] if entry else text


def labels(vocabulary: str, language: str | None = None) -> dict[str, str]:
    """Return value -> label for a whole vocabulary, in the data file's order."""
    language = language or current_language()
    return {value: names[language] for value, names in _table().get(vocabulary, {}).items()}


@cache
def _region_names(language: str) -> dict[str, str]:
    translate = (gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language],
                                     fallback=True).gettext
                 if language != "en" else str)
    subdivisions = pycountry.subdivisions.get(country_code="UA") or []
    return {s.code: translate(s.name) for s in sorted(subdivisions, key=lambda s: s.code)}


def region_names(language: str | None = None) -> dict[str, str]:
    """Return ISO 3166-2:UA code -> region name in the language."""
    return dict(_region_names(language or current_language()))


def region_name(code: str | None, language: str | None = None) -> str:
    """Return the name of an ISO 3166-2:UA region (`UA-43` -> Автономна Республіка Крим)."""
    if not code:
        return ""
    return _region_names(language or current_language()).get(code, code)


def install(app: Flask) -> None:
    """Make `label` a template filter and `region_name` a template function."""
    app.jinja_env.filters["label"] = lambda value, vocabulary: label(vocabulary, value)
    app.jinja_env.globals["region_name"] = region_name
    app.jinja_env.globals["value_labels"] = labels

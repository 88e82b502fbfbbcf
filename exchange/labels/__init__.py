"""Labels for stored values in the reader's language: `label('category', 'transfer')`.

Stored values are codes (`non_violent_amnesty`, `UA-43`, `date_of_birth`); people read
labels. The labels of every vocabulary are a data file (`data/values.csv`, English and
Ukrainian side by side) so a coordinator can review them; region names come from
ISO 3166-2:UA and country names from ISO 3166-1 as pycountry ships them. Which vocabulary
a record field's values belong to is `data/fields.csv` (`value_label`). Pages use the
`label` and `value_label` filters and `region_name`; exports call the same functions with
the workbook's language.
"""

from __future__ import annotations

import csv
import gettext
from collections.abc import Mapping
from functools import cache
from importlib import resources

import pycountry
from flask import Flask, has_request_context
from flask_babel import get_locale

LANGUAGES = ("en", "uk")
_EXCLUDED_PREFIX = "excluded:"
_SEPARATOR = ";"

__all__ = ["LANGUAGES", "Text", "bilingual", "country_name", "field_vocabulary", "in_language",
           "install", "label", "labels", "region_name", "region_names", "value_label",
           "vocabularies"]

# Words kept in every language of the interface: language -> text (data files give both).
Text = Mapping[str, str]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("exchange.labels").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _table() -> dict[str, dict[str, dict[str, str]]]:
    """Return vocabulary -> value -> language -> label."""
    table: dict[str, dict[str, dict[str, str]]] = {}
    for row in _rows("values.csv"):
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
    if vocabulary == "country":
        return country_name(text, language)
    entry = _table().get(vocabulary, {}).get(text)
    return entry[language] if entry else text


@cache
def _fields() -> dict[str, tuple[str, bool]]:
    """Return record field -> (vocabulary of its values, whether it holds a `;` list)."""
    return {row["field"]: (row["vocabulary"], row["several"] == "yes")
            for row in _rows("fields.csv")}


def field_vocabulary(field: str) -> str | None:
    """Return the vocabulary a record field's values belong to (None: free text)."""
    found = _fields().get(field)
    return found[0] if found else None


def value_label(field: str, value: object, language: str | None = None) -> str:
    """Return a record field's stored value as people read it (`UA;PL` -> Україна, Польща).

    Free text (names, places, dates, notes) is returned as it is stored.
    """
    if value is None or value == "":
        return ""
    found = _fields().get(field)
    if found is None:
        return str(getattr(value, "value", value))
    vocabulary, several = found
    text = str(getattr(value, "value", value))
    if _SEPARATOR not in text:
        return label(vocabulary, text, language)
    # a list field (`UA;PL`), or the values of several records joined (`colony; pretrial`)
    items = [item.strip() for item in text.split(_SEPARATOR) if item.strip()]
    return (", " if several else "; ").join(label(vocabulary, item, language) for item in items)


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


@cache
def _country_names(language: str) -> dict[str, str]:
    translate = (gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language],
                                     fallback=True).gettext if language != "en" else str)
    return {c.alpha_2: translate(getattr(c, "common_name", None) or c.name)
            for c in pycountry.countries}


def country_name(code: str | None, language: str | None = None) -> str:
    """Return the name of an ISO 3166-1 country (`UA` -> Україна); `stateless` as a label."""
    if not code:
        return ""
    if code == "stateless":
        return label("citizenship", code, language)
    return _country_names(language or current_language()).get(code.upper(), code)


def region_name(code: str | None, language: str | None = None) -> str:
    """Return the name of an ISO 3166-2:UA region (`UA-43` -> Автономна Республіка Крим)."""
    if not code:
        return ""
    return _region_names(language or current_language()).get(code, code)


def in_language(text: Text | str | None, language: str | None = None) -> str:
    """Return the words of a text kept in several languages (English when one is missing).

    A plain string, stored before its text had a translation, is returned as it is.
    """
    if not text:
        return ""
    if isinstance(text, str):
        return text
    return text.get(language or current_language()) or text.get("en", "")


def bilingual(table: Mapping[str, object], key: str, where: str) -> dict[str, str]:
    """Read `key` (or `key_en`) and `key_uk` of a data-file entry; raise naming what is missing."""
    found = {"en": table.get(key, table.get(f"{key}_en")), "uk": table.get(f"{key}_uk")}
    missing = [language for language, text in found.items() if not text]
    if missing:
        raise ValueError(f"{where}: {key} needs a text in {', '.join(missing)}")
    return {language: str(text) for language, text in found.items()}


def install(app: Flask) -> None:
    """Make `label` a template filter and `region_name` a template function."""
    app.jinja_env.filters["label"] = lambda value, vocabulary: label(vocabulary, value)
    app.jinja_env.filters["value_label"] = lambda value, field: value_label(field, value)
    app.jinja_env.globals["region_name"] = region_name
    app.jinja_env.globals["value_labels"] = labels
    app.jinja_env.filters["in_language"] = in_language
    app.jinja_env.globals["field_vocabulary"] = field_vocabulary

"""A person's name in the three forms a list needs: Ukrainian, national Latin, Russian."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from matching.normalise import detect_script
from matching.spelling import national_latin, russian_form, ukrainian_form

__all__ = ["NameForms", "name_forms"]

PARTS = ("surname", "given_name", "patronymic")


@dataclass(frozen=True)
class NameForms:
    """Surname, given name and patronymic in each form; `derived`: the Ukrainian is ours."""

    ukrainian: tuple[str, str, str]
    latin: tuple[str, str, str]
    russian: tuple[str, str, str]
    derived: bool


@lru_cache(maxsize=100_000)  # names repeat: given names and patronymics above all
def _forms(text: str, part: str) -> tuple[str, str, str, bool]:
    """Return (Ukrainian, Latin, Russian, Ukrainian derived?) of one part of a name."""
    uk, derived = ukrainian_form(text, part)  # type: ignore[arg-type]
    latin = text if detect_script(text) == "latin" else national_latin(uk)
    return uk, latin, russian_form(text, part), derived  # type: ignore[arg-type]


def name_forms(surname: str | None, given_name: str | None, patronymic: str | None) -> NameForms:
    """Write the name in Ukrainian Cyrillic, the 2010 national Latin and Russian Cyrillic.

    A name the registry holds in Latin letters (a foreign national) keeps that spelling as
    its Latin form; its Ukrainian form is derived and says so.
    """
    parts = [_forms(text or "", part)
             for text, part in zip((surname, given_name, patronymic), PARTS, strict=True)]
    return NameForms(
        tuple(p[0] for p in parts),  # type: ignore[arg-type]
        tuple(p[1] for p in parts),  # type: ignore[arg-type]
        tuple(p[2] for p in parts),  # type: ignore[arg-type]
        any(p[3] for p in parts),
    )

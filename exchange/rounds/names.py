"""A person's name in the three forms a list needs: Ukrainian, national Latin, Russian."""

from __future__ import annotations

from dataclasses import dataclass

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


def name_forms(surname: str | None, given_name: str | None, patronymic: str | None) -> NameForms:
    """Write the name in Ukrainian Cyrillic, the 2010 national Latin and Russian Cyrillic.

    A name the registry holds in Latin letters (a foreign national) keeps that spelling as
    its Latin form; its Ukrainian form is derived and says so.
    """
    ukrainian, latin, russian = [], [], []
    derived = False
    for text, part in zip((surname, given_name, patronymic), PARTS, strict=True):
        text = text or ""
        uk, was_derived = ukrainian_form(text, part)
        derived = derived or was_derived
        ukrainian.append(uk)
        latin.append(text if detect_script(text) == "latin" else national_latin(uk))
        russian.append(russian_form(text, part))
    return NameForms(tuple(ukrainian), tuple(latin), tuple(russian), derived)  # type: ignore[arg-type]

"""The columns of a roster or round sheet and a record's cells in the reader's language.

Headers carry Ukrainian and English side by side; values are labels in the workbook's
language, never stored codes (only the person ID column is for machines).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from exchange.labels import label, region_name, value_label
from exchange.rounds.tables import mechanism, priority_groups

__all__ = ["COLUMNS", "Column", "ExportOptions", "columns", "record_cells"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    sensitive: bool = False  # left out for a wider audience
    russian: bool = False  # only on lists that go to the other side
    round_only: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("number", "№ / No.", 6),
    Column("person_id", "ID особи / Person ID", 10),
    Column("surname", "Прізвище / Surname", 18),
    Column("given_name", "Ім'я / Given name", 14),
    Column("patronymic", "По батькові / Patronymic", 16),
    Column("surname_latin", "Прізвище латиницею / Surname (Latin)", 18),
    Column("given_name_latin", "Ім'я латиницею / Given name (Latin)", 14),
    Column("patronymic_latin", "По батькові латиницею / Patronymic (Latin)", 16),
    Column("surname_ru", "Фамилия (рос.) / Surname (Russian)", 18, russian=True),
    Column("given_name_ru", "Имя (рос.) / Given name (Russian)", 14, russian=True),
    Column("patronymic_ru", "Отчество (рос.) / Patronymic (Russian)", 16, russian=True),
    Column("name_derived", "Українську форму виведено / Ukrainian form derived", 12),
    Column("date_of_birth", "Дата народження / Date of birth", 12),
    Column("sex", "Стать / Sex", 9),
    Column("citizenship", "Громадянство / Citizenship", 16),
    Column("residence_region", "Регіон / Region", 18),
    Column("detained_on", "Дата затримання / Detained on", 12),
    Column("held_at", "Місце утримання / Held at", 28),
    Column("legal_status", "Процесуальний статус / Legal status", 16),
    Column("charges", "Статті КК РФ / Charges (RF CC)", 18, sensitive=True),
    Column("category", "Категорія / Category", 28),
    Column("rule", "Правило / Rule", 36, sensitive=True),
    Column("eligibility", "Відповідність критеріям / Eligibility", 16),
    Column("priority_rank", "Пріоритет / Priority", 9),
    Column("priority_reason", "Причина пріоритету / Priority reason", 34),
    Column("health_concern", "Загроза здоров'ю / Health concern", 10, sensitive=True),
    Column("flags", "Перевірити особу / Identity to check", 28),
    Column("members", "Організації / Members", 18),
    Column("reply_status", "Відповідь / Reply", 14, round_only=True),
    Column("outcome", "Результат / Outcome", 14, round_only=True),
    Column("outcome_reason", "Причина / Reason", 24, round_only=True),
)


@dataclass(frozen=True)
class ExportOptions:
    """What a workbook holds and for whom."""

    language: str = "uk"
    sensitive: bool = True  # health, charges and the rule; False for a wider audience
    russian: bool = False  # the Russian Cyrillic form, for lists going to the other side
    exported_by: str = ""


def columns(options: ExportOptions, *, for_round: bool) -> list[Column]:
    """Return the columns a workbook with these options has."""
    return [
        c for c in COLUMNS
        if (options.sensitive or not c.sensitive)
        and (options.russian or not c.russian)
        and (for_round or not c.round_only)
    ]


def _sensitive_groups() -> frozenset[str]:
    return frozenset(g.key for g in priority_groups() if g.sensitive)


def priority_reason(record: Mapping[str, Any], options: ExportOptions) -> str:
    """Say why a person sits where they do: the group, then the detention date."""
    group = record.get("priority_group")
    if not options.sensitive and group in _sensitive_groups():
        text = _("priority group %(n)s (reason withheld)", n=record.get("priority_rank"))
    else:
        text = label("priority_group", group, options.language)
    if record.get("detained_on"):
        text += "; " + _("detained %(date)s", date=record["detained_on"])
    return text


def _rule(record: Mapping[str, Any], language: str) -> str:
    text = mechanism(record["category"]).rule.get(language, "")
    return f"{text} ({_('provisional')})" if record.get("provisional") else text


def record_cells(
    record: Mapping[str, Any], number: int, cols: Sequence[Column], options: ExportOptions
) -> list[object]:
    """Return a record's cells for these columns (call inside `force_locale(language)`)."""
    lang = options.language
    shown = {
        "number": number,
        "name_derived": label("yes_no", "yes", lang) if record.get("name_derived") else "",
        "sex": label("sex", record.get("sex"), lang),
        "citizenship": value_label("citizenship", record.get("citizenship"), lang),
        "residence_region": region_name(record.get("residence_region"), lang),
        "legal_status": label("legal_status", record.get("legal_status"), lang),
        "category": label("category", record.get("category"), lang),
        "rule": _rule(record, lang),
        "eligibility": label("eligibility", record.get("eligibility"), lang),
        "priority_reason": priority_reason(record, options),
        "health_concern": label("yes_no", record.get("health_concern"), lang),
        "flags": "; ".join(label("identity_flag", f, lang) for f in record.get("flags", [])),
        "members": ", ".join(record.get("members", [])),
        "reply_status": label("reply_status", record.get("reply_status"), lang),
        "outcome": label("outcome", record.get("outcome"), lang),
    }
    cells = (shown[c.key] if c.key in shown else record.get(c.key) for c in cols)
    return [None if cell == "" else cell for cell in cells]  # an empty cell is not written

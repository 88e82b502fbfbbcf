"""The RF Criminal Code article table (`data/rf_cc_articles.csv`), a data file for lawyers."""

from __future__ import annotations

import csv
import enum
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from exchange.domain.charges import Charge

__all__ = ["Article", "ArticleTable", "Nature", "Proposal", "article_table"]

DATA_FILE = "rf_cc_articles.csv"
IMPLIABLE_FACTS = frozenset(
    {"violent_offence", "offence_has_victims", "against_russian_interests", "war_crime_accusation"}
)


class Nature(enum.StrEnum):
    PARTICIPATION = "participation"
    EXPRESSION = "expression"
    VIOLENT = "violent"
    AGAINST_STATE = "against-state"
    WAR_CRIME = "war-crime"
    GENERAL = "general"


class Proposal(enum.StrEnum):
    """What the Concept (000) proposes for an article."""

    REPEAL = "repeal"
    AMEND = "amend"
    AMNESTY = "amnesty"
    NONE = "none"


@dataclass(frozen=True)
class Article:
    """One row of the table: an article, or some of its parts (`parts` empty: the rest)."""

    article: str
    parts: frozenset[str]
    nature: Nature
    proposals: tuple[Proposal, ...]
    implies: tuple[str, ...]
    title_uk: str
    title_en: str
    title_ru: str
    concept_reference: str
    concept_reference_uk: str
    note: str
    note_uk: str

    @property
    def label(self) -> dict[str, str]:
        """`art. 208 ч.2,3 (Organisation of ...)` in English and Ukrainian, for explanations."""
        parts = f" ч.{','.join(sorted(self.parts))}" if self.parts else ""
        return {"en": f"art. {self.article}{parts} ({self.title_en})",
                "uk": f"ст. {self.article}{parts} ({self.title_uk})"}

    def title(self, language: str) -> str:
        return {"uk": self.title_uk, "ru": self.title_ru}.get(language, self.title_en)

    def reference(self, language: str) -> str:
        """Where the Concept names the article, in English or Ukrainian."""
        return self.concept_reference_uk if language == "uk" else self.concept_reference

    def note_in(self, language: str) -> str:
        return self.note_uk if language == "uk" else self.note


class ArticleTable:
    """Look up the row that applies to a charge: its part's row, else the article's."""

    def __init__(self, rows: list[Article]) -> None:
        self.rows = tuple(rows)
        self._by_part: dict[tuple[str, str], Article] = {}
        self._whole: dict[str, Article] = {}
        for row in rows:
            if row.parts:
                for part in row.parts:
                    key = (row.article, part)
                    if key in self._by_part:
                        raise ValueError(f"{DATA_FILE}: art. {row.article} ч.{part} listed twice")
                    self._by_part[key] = row
            elif row.article in self._whole:
                raise ValueError(f"{DATA_FILE}: art. {row.article} listed twice")
            else:
                self._whole[row.article] = row

    def lookup(self, charge: Charge) -> Article | None:
        """The row for this charge, or None when the article is not in the table."""
        if charge.part is not None and (charge.article, charge.part) in self._by_part:
            return self._by_part[(charge.article, charge.part)]
        return self._whole.get(charge.article)

    def __contains__(self, article: str) -> bool:
        return article in self._whole or any(a == article for a, _ in self._by_part)


def parse_article_table(text: str) -> ArticleTable:
    """Read the article table from CSV text; raise ValueError naming a bad row."""
    rows = []
    for line, record in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            rows.append(_article(record))
        except (KeyError, ValueError) as exc:
            raise ValueError(f"{DATA_FILE} line {line}: {exc}") from exc
    return ArticleTable(rows)


def _article(record: dict[str, str]) -> Article:
    implies = tuple(_split(record["implies"]))
    unknown = set(implies) - IMPLIABLE_FACTS
    if unknown:
        raise ValueError(f"implies unknown facts {sorted(unknown)}")
    proposals = tuple(Proposal(p) for p in _split(record["proposal"])) or (Proposal.NONE,)
    for column in ("concept_reference", "note"):
        if record[column].strip() and not record[f"{column}_uk"].strip():
            raise ValueError(f"{column} needs its Ukrainian form in {column}_uk")
    return Article(
        article=record["article"].strip(),
        parts=frozenset(_split(record["parts"])),
        nature=Nature(record["nature"].strip()),
        proposals=proposals,
        implies=implies,
        title_uk=record["title_uk"].strip(),
        title_en=record["title_en"].strip(),
        title_ru=record["title_ru"].strip(),
        concept_reference=record["concept_reference"].strip(),
        concept_reference_uk=record["concept_reference_uk"].strip(),
        note=record["note"].strip(),
        note_uk=record["note_uk"].strip(),
    )


def _split(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(";") if item.strip()]


def data_text(name: str) -> str:
    return resources.files("exchange.classification").joinpath("data", name).read_text("utf-8")


@cache
def article_table() -> ArticleTable:
    """The project's article table, read once."""
    return parse_article_table(data_text(DATA_FILE))

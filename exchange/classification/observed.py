"""What the rules saw in a record, as data: the facts a condition read, and the doubts.

Codes and texts in every language, never a sentence: `exchange.classification.wording`
says them in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from exchange.labels import Text

__all__ = ["Doubt", "Seen"]


@dataclass(frozen=True)
class Seen:
    """What the record says about one fact a condition read.

    `fact` is a record field (`charges` for the charge list). One charge checked against the
    article table has `charge` set (as written), `article` its row's label (None when the
    article is not in the table) and `nature` the row's nature.
    """

    fact: str
    value: str = ""  # as recorded; "" when not recorded
    implied: str = ""  # when not recorded: the value the charges imply
    by: tuple[Seen, ...] = ()  # what implies it: charges, or the charge list
    charge: str = ""
    article: Text | None = None
    nature: str = ""


@dataclass(frozen=True)
class Doubt:
    """A value the rules could not use as recorded, or one that contradicts the article table.

    `kind`: `unknown_value`, `not_a_country`, `charges_unreadable`, `article_not_in_table`,
    `recorded_against_article` (a conflict), `unknown_exclusion`, `unknown_criterion`.
    """

    kind: str
    fact: str
    value: str = ""
    detail: str = ""  # why a charge list could not be read (the parser's words, English)
    by: tuple[Seen, ...] = ()  # a conflict: the charges that imply the other value
    would_give: str = ""  # a conflict: the category the implied value would give ("": same)

    def key(self) -> str:
        """Return `kind:fact`, what a review reason keeps of the doubt."""
        return f"{self.kind}:{self.fact}"

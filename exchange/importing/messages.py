"""The fixed texts of import problems, marked so the web pages can show them translated.

The importer itself stays free of Flask: it reports these texts in English, and the
import pages pass each problem's message through gettext. Messages that carry values
(a date, a header, a batch number) are shown as they are.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the usual name of the marker for extraction
    """Mark a text for translation without translating it here."""
    return message


# Problems about missing names: callers that identify rows otherwise (by a person's id)
# may set them aside.
NO_NAME_IN_ROW = N_("no name in this row")
NO_NAME_COLUMN = N_("no name column: choose the column that holds the names (full_name, or "
                    "surname and given_name)")
NAME_PROBLEMS = frozenset({NO_NAME_IN_ROW, NO_NAME_COLUMN})
HIDDEN_CHARACTERS = N_("control or invisible characters in the cell: retype it (they can hide "
                       "or reverse text)")
MARKUP_IN_NAME = N_("a name cannot hold < or >: check the cell")
MERGED_ROWS = N_("merged cells across rows of the list: unmerge them and fill every row (a "
                 "merged cell leaves the rows below it empty)")

# Messages with values: templates, filled by `Problem.text`, translated by the pages.
SHEET_MERGED = N_("sheet merged into %(n)d rows of the list by id")

PROBLEM_TEXTS = (
    N_("not a date"),
    N_("not a date: use DD.MM.YYYY, YYYY-MM-DD, YYYY-MM or YYYY"),
    N_("read as an Excel date serial"),
    N_("day and month look swapped: read as month/day/year"),
    N_("no such month"),
    N_("no such date"),
    N_("date is in the future"),
    N_("more than three words in the name: check how it was split"),
    N_("unknown organisation code"),
    N_("the month must be YYYY-MM"),
    N_("this month's joint list is published and frozen: import into the next month"),
    N_("both stateless and a citizenship"),
    N_("no such ISO 3166-2:UA code"),
    N_("unknown region: use an oblast name or an ISO 3166-2:UA code"),
    N_("not a month: use YYYY-MM"),
    N_("not a yes/no answer: use так/ні, да/нет, yes/no, 1/0 or +/-"),
    N_("PACE criteria are letters a to e"),
    N_("unknown header ignored"),
    N_("unknown header: map it to a canonical column or ignore it"),
    N_("no record id column: row numbers are used as ids"),
    N_("totals row skipped"),
    N_("repeated header row skipped"),
    N_("formula in cell: replace it with its value"),
    N_("the patronymic was moved out of the given-name cell"),
    NO_NAME_IN_ROW,
    NO_NAME_COLUMN,
    N_("the list month is after the current month"),
    N_("record id is empty"),
    N_("this sheet was not read: it is neither the list nor notes keyed by its ids"),
    N_("a single filled cell: read as a footnote, not merged"),
    N_("no row of the list has this id: this row was not merged"),
    HIDDEN_CHARACTERS,
    MARKUP_IN_NAME,
    MERGED_ROWS,
)

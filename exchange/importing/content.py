"""Evidence from a column's values: how well they fit each canonical column, and why.

Each column kind expects some shape of value (profile.py features): dates with birth-era or
detention-era years, names in one or three parts, words of its closed list, region names,
article numbers, ids unique per row. A column whose values clearly belong to another kind
(dates under a name header, yes/no words under a facility header) counts against.
Scores run from -1 (the values contradict the column) to 1 (they are what it holds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from exchange.importing import columns as kinds
from exchange.importing.messages import N_
from exchange.importing.profile import ColumnProfile
from exchange.importing.vocab import YES_NO, choice_columns

SMALL_SAMPLE = 5  # evidence against from n values counts n / (n + 5): a typo is not a pattern
BIRTH_ERA_GAP = 16  # years: a column of dates whose median is older than this holds births
FOREIGN_WEIGHT = 1.2  # how strongly values of another kind count against a column
FOREIGN_FLOOR = 0.1  # a few odd values are noise
# value kinds that clearly belong to one sort of column
STRONG = ("date", "vocab:yes_no", "vocab:sex", "vocab:person_status", "vocab:legal_status",
          "vocab:release_status", "vocab:facility_type", "region", "citizenship", "charges",
          "facility", "sentence", "patronymic", "multi_word")
_NAMES = {"surname", "given_name", "patronymic", "full_name"}

Fact = tuple[str, dict[str, object]]  # a message (translatable) and its values
Evidence = tuple[float, tuple[Fact, ...]]


def fact(message: str, **values: object) -> Fact:
    """Return one reason, kept as message and values so pages can translate it."""
    return message, values


def fact_text(item: Fact) -> str:
    """Return a reason as English text."""
    message, values = item
    return message % values if values else message


def content_score(column: str, prof: ColumnProfile, today: dt.date) -> Evidence:
    """Return (score -1..1, reasons) for reading a column with this profile as `column`."""
    if prof.filled == 0:
        return 0.0, (fact(N_("no values")),)
    fit, reasons = _fit(column, prof, today)
    kind, share = _foreign(column, prof)
    score = fit - FOREIGN_WEIGHT * max(0.0, share - FOREIGN_FLOOR)
    if share > FOREIGN_FLOOR and score < fit:
        reasons += (_kind_fact(kind, share),)
    score = max(-1.0, min(1.0, score))
    if score < 0:
        score *= prof.filled / (prof.filled + SMALL_SAMPLE)
    return score, reasons


def _foreign(column: str, prof: ColumnProfile) -> tuple[str, float]:
    """Return the strongest value kind that does not belong in `column`, and its share."""
    own = _accepts(column)
    floor = 0.7 if column == "notes" else 0.0  # notes hold anything, unless one kind dominates
    found = [(k, prof.share(k)) for k in STRONG if k not in own and prof.share(k) >= floor]
    if column == "record_id" and prof.serial:
        found = [(k, s) for k, s in found if k != "charges"]  # 1..n reads as article numbers
    return max(found, key=lambda ks: ks[1], default=("", 0.0))


def _accepts(column: str) -> set[str]:
    """Return the value kinds a column may hold."""
    kind = kinds.COLUMNS[column]
    accepted = {
        kinds.DATE: {"date"}, kinds.YES_NO: {f"vocab:{YES_NO}"}, "region": {"region"},
        "citizenship": {"citizenship"}, "charges": {"charges"}, "month": {"month", "date"},
    }.get(kind, set())
    if column in choice_columns():
        accepted.add(f"vocab:{column}")
    if column in _NAMES:
        accepted |= {"full_name": {"multi_word"}, "patronymic": {"patronymic"}}.get(column, set())
    return accepted | _EXTRA_ACCEPTS.get(column, set())


_PLACES = {"region", "citizenship", "multi_word"}  # place names often run to several words
_EXTRA_ACCEPTS = {
    "place_of_birth": _PLACES,
    "residence_region": _PLACES,
    "citizenship": _PLACES,
    "detained_where": _PLACES | {"facility"},  # its fit already counts facility words against
    "held_at": _PLACES | {"facility", "vocab:facility_type"},
    "facility_type": {"facility"},
    "sentence": {"sentence"},
    "notes": set(STRONG) - {"date", "vocab:yes_no"},
    "record_id": {"id_like"},
}


def _fit(column: str, prof: ColumnProfile, today: dt.date) -> Evidence:
    """Return how well the values fit the column's own kind (before foreign values count)."""
    special = _SPECIAL.get(column)
    if special is not None:
        return special(prof, today)
    kind = kinds.COLUMNS[column]
    if kind == kinds.DATE:
        return _dated(prof, today, births=False)
    if kind == kinds.YES_NO:
        return _share_fit(prof.share(f"vocab:{YES_NO}"), f"vocab:{YES_NO}")
    if column in choice_columns():
        return _share_fit(prof.share(f"vocab:{column}"), "vocab:")
    if kind in ("region", "citizenship", "charges", "month"):
        return _share_fit(prof.share(kind), kind)
    return 0.0, (fact(N_("free text")),)


def _share_fit(share: float, kind: str) -> Evidence:
    """Return a fit that is 1 when every value is of the kind and -0.1 when none is.

    Values of no known kind hardly count against: they are reported one by one (and can be
    mapped). Values clearly of another kind do count against (see `_foreign`).
    """
    return 1.1 * share - 0.1, (_kind_fact(kind, share),)


def _record_id(prof: ColumnProfile, today: dt.date) -> Evidence:
    """Ids are unique per row: a serial 1..n or codes."""
    distinct = f"{prof.distinct:.0%}"
    if prof.distinct < 0.5:
        return -0.8, (fact(N_("values repeat (%(distinct)s distinct)"), distinct=distinct),)
    if prof.distinct < 0.95:
        return 0.0, (fact(N_("some values repeat (%(distinct)s distinct)"), distinct=distinct),)
    if prof.serial:
        return 0.8, (fact(N_("unique, numbered 1..n")),)
    return 0.2 + 0.5 * prof.share("id_like"), (fact(N_("unique per row")),)


def _surname(prof: ColumnProfile, today: dt.date) -> Evidence:
    one, p, g = prof.share("one_word"), prof.share("patronymic"), prof.share("given_known")
    fit = one * (1 - p) * (1 - 0.7 * g)
    return 1.1 * fit - 0.1, (_kind_fact("one_word", one), _kind_fact("given_known", g))


def _given_name(prof: ColumnProfile, today: dt.date) -> Evidence:
    one, p, g = prof.share("one_word"), prof.share("patronymic"), prof.share("given_known")
    fit = min(1.0, one * (1 - p) * (0.5 + 0.5 * g) + prof.share("given_patronymic"))
    return 1.1 * fit - 0.1, (_kind_fact("one_word", one), _kind_fact("given_known", g))


def _patronymic(prof: ColumnProfile, today: dt.date) -> Evidence:
    return _share_fit(prof.share("patronymic"), "patronymic")


def _full_name(prof: ColumnProfile, today: dt.date) -> Evidence:
    return _share_fit(prof.share("multi_word"), "multi_word")


def _birth_date(prof: ColumnProfile, today: dt.date) -> Evidence:
    return _dated(prof, today, births=True)


def _dated(prof: ColumnProfile, today: dt.date, *, births: bool) -> Evidence:
    """Dates whose years fit the column: births long ago, detentions and releases recent."""
    fit, reasons = _share_fit(prof.share("date"), "date")
    if prof.median_year is None:
        return fit, reasons
    reasons += (fact(N_("years around %(year)s"), year=prof.median_year),)
    born = prof.median_year <= today.year - BIRTH_ERA_GAP
    if born != births:
        return -1.0, reasons + (fact(N_("too recent for births") if births
                                     else N_("births, not events")),)
    return fit + 0.2, reasons


def _held_at(prof: ColumnProfile, today: dt.date) -> Evidence:
    share = prof.share("facility")
    return 1.2 * share - 0.2, (_kind_fact("facility", share),)


def _detained_where(prof: ColumnProfile, today: dt.date) -> Evidence:
    share = prof.share("facility")
    return 0.2 - 0.8 * share, (_kind_fact("facility", share),)


def _charges(prof: ColumnProfile, today: dt.date) -> Evidence:
    fit, reasons = _share_fit(prof.share("charges"), "charges")
    if prof.serial or (prof.distinct > 0.95 and prof.share("id_like") > 0.9
                       and prof.filled >= 20):  # a list of charges repeats; 1, 2, 3 are ids
        return min(fit, -0.4), reasons + (fact(N_("but unique per row")),)
    return fit, reasons


def _sentence(prof: ColumnProfile, today: dt.date) -> Evidence:
    return _share_fit(prof.share("sentence"), "sentence")


def _notes(prof: ColumnProfile, today: dt.date) -> Evidence:
    share = prof.share("long_text")
    return 0.3 * share, (_kind_fact("long_text", share),)


def _source_org(prof: ColumnProfile, today: dt.date) -> Evidence:
    if prof.distinct * prof.filled <= max(3, 0.05 * prof.filled):
        return 0.3, (fact(N_("a few values, repeated")),)
    return -0.3, (fact(N_("many different values")),)


_SPECIAL: dict[str, Callable[[ColumnProfile, dt.date], Evidence]] = {
    "record_id": _record_id, "surname": _surname, "given_name": _given_name,
    "patronymic": _patronymic, "full_name": _full_name, "date_of_birth": _birth_date,
    "held_at": _held_at, "detained_where": _detained_where, "charges": _charges,
    "sentence": _sentence, "notes": _notes, "source_org": _source_org,
}

_KIND_FACTS = {
    "date": N_("%(share)s dates"), "vocab:yes_no": N_("%(share)s yes/no words"),
    "vocab:sex": N_("%(share)s sex letters"), "region": N_("%(share)s region names"),
    "citizenship": N_("%(share)s country names"), "charges": N_("%(share)s article numbers"),
    "facility": N_("%(share)s name a place of custody"),
    "sentence": N_("%(share)s terms of years"), "patronymic": N_("%(share)s patronymics"),
    "multi_word": N_("%(share)s names of two or more words"),
    "month": N_("%(share)s months (YYYY-MM)"), "one_word": N_("%(share)s single names"),
    "given_known": N_("%(share)s known given names"), "long_text": N_("%(share)s longer texts"),
    "vocab:": N_("%(share)s words of its list"),
}


def _kind_fact(kind: str, share: float) -> Fact:
    """Return `98% dates`-style reason for a share of values of one kind."""
    message = _KIND_FACTS.get(kind) or N_("%(share)s words of another column's list")
    return fact(message, share=f"{share:.0%}")

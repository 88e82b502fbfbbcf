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

Evidence = tuple[float, str]


def content_score(column: str, prof: ColumnProfile, today: dt.date) -> Evidence:
    """Return (score -1..1, reason) for reading a column with this profile as `column`."""
    if prof.filled == 0:
        return 0.0, "no values"
    fit, reason = _fit(column, prof, today)
    kind, share = _foreign(column, prof)
    score = fit - FOREIGN_WEIGHT * max(0.0, share - FOREIGN_FLOOR)
    if share > FOREIGN_FLOOR and score < fit:
        reason += f"; {share:.0%} {_kind_text(kind)}"
    score = max(-1.0, min(1.0, score))
    if score < 0:
        score *= prof.filled / (prof.filled + SMALL_SAMPLE)
    return score, reason


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
        return _event_date(prof, today)
    if kind == kinds.YES_NO:
        return _share_fit(prof.share(f"vocab:{YES_NO}"), "yes/no words")
    if column in choice_columns():
        return _share_fit(prof.share(f"vocab:{column}"), f"{column} words")
    if kind in ("region", "citizenship", "charges", "month"):
        return _share_fit(prof.share(kind), _kind_text(kind))
    return 0.0, "free text"


def _share_fit(share: float, what: str) -> Evidence:
    """Return a fit that is 1 when every value is of the kind and -0.1 when none is.

    Values of no known kind hardly count against: they are reported one by one (and can be
    mapped). Values clearly of another kind do count against (see `_foreign`).
    """
    return 1.1 * share - 0.1, f"{share:.0%} {what}"


def _record_id(prof: ColumnProfile, today: dt.date) -> Evidence:
    """Ids are unique per row: a serial 1..n or codes."""
    if prof.distinct < 0.5:
        return -0.8, f"values repeat ({prof.distinct:.0%} distinct)"
    if prof.distinct < 0.95:
        return 0.0, f"some values repeat ({prof.distinct:.0%} distinct)"
    if prof.serial:
        return 0.8, "unique, numbered 1..n"
    return 0.2 + 0.5 * prof.share("id_like"), "unique per row"


def _surname(prof: ColumnProfile, today: dt.date) -> Evidence:
    one, p, g = prof.share("one_word"), prof.share("patronymic"), prof.share("given_known")
    return _share_fit(one * (1 - p) * (1 - 0.7 * g), "single names, not given names")


def _given_name(prof: ColumnProfile, today: dt.date) -> Evidence:
    one, p, g = prof.share("one_word"), prof.share("patronymic"), prof.share("given_known")
    fit = one * (1 - p) * (0.5 + 0.5 * g) + prof.share("given_patronymic")
    return _share_fit(min(1.0, fit), f"single names, {g:.0%} known given names")


def _patronymic(prof: ColumnProfile, today: dt.date) -> Evidence:
    return _share_fit(prof.share("patronymic"), "patronymics")


def _full_name(prof: ColumnProfile, today: dt.date) -> Evidence:
    return _share_fit(prof.share("multi_word"), "names of two or more words")


def _birth_date(prof: ColumnProfile, today: dt.date) -> Evidence:
    return _dated(prof, today, births=True)


def _event_date(prof: ColumnProfile, today: dt.date) -> Evidence:
    return _dated(prof, today, births=False)


def _dated(prof: ColumnProfile, today: dt.date, *, births: bool) -> Evidence:
    """Dates whose years fit the column: births long ago, detentions and releases recent."""
    fit, reason = _share_fit(prof.share("date"), "dates")
    if prof.median_year is None:
        return fit, reason
    reason += f", years around {prof.median_year}"
    born = prof.median_year <= today.year - BIRTH_ERA_GAP
    if born != births:
        return -1.0, reason + (": too recent for births" if births else ": births, not events")
    return fit + 0.2, reason


def _held_at(prof: ColumnProfile, today: dt.date) -> Evidence:
    share = prof.share("facility")
    return 1.2 * share - 0.2, f"{share:.0%} name a place of custody"


def _detained_where(prof: ColumnProfile, today: dt.date) -> Evidence:
    share = prof.share("facility")
    return 0.2 - 0.8 * share, f"{share:.0%} name a place of custody"


def _charges(prof: ColumnProfile, today: dt.date) -> Evidence:
    fit, reason = _share_fit(prof.share("charges"), "article numbers")
    if prof.serial or (prof.distinct > 0.95 and prof.share("id_like") > 0.9
                       and prof.filled >= 20):  # a list of charges repeats; 1, 2, 3 are ids
        return min(fit, -0.4), reason + ", but unique per row"
    return fit, reason


def _sentence(prof: ColumnProfile, today: dt.date) -> Evidence:
    return _share_fit(prof.share("sentence"), "terms of years")


def _notes(prof: ColumnProfile, today: dt.date) -> Evidence:
    share = prof.share("long_text")
    return 0.3 * share, f"{share:.0%} longer texts"


def _source_org(prof: ColumnProfile, today: dt.date) -> Evidence:
    if prof.distinct * prof.filled <= max(3, 0.05 * prof.filled):
        return 0.3, "a few values, repeated"
    return -0.3, "many different values"


_SPECIAL: dict[str, Callable[[ColumnProfile, dt.date], Evidence]] = {
    "record_id": _record_id, "surname": _surname, "given_name": _given_name,
    "patronymic": _patronymic, "full_name": _full_name, "date_of_birth": _birth_date,
    "held_at": _held_at, "detained_where": _detained_where, "charges": _charges,
    "sentence": _sentence, "notes": _notes, "source_org": _source_org,
}

_KIND_TEXT = {
    "date": "dates", "vocab:yes_no": "yes/no words", "vocab:sex": "sex letters",
    "region": "region names", "citizenship": "country names", "charges": "article numbers",
    "facility": "places of custody", "sentence": "terms of years", "patronymic": "patronymics",
    "multi_word": "names of two or more words", "month": "months (YYYY-MM)",
}


def _kind_text(kind: str) -> str:
    """Return a value kind as words for the reasons shown to users."""
    return _KIND_TEXT.get(kind, kind.removeprefix("vocab:") + " words")

"""Identity constraints: what the records of one person can never disagree on.

One set of rules for every place that puts records together (the batch engine, the
incremental mode, a monthly reconciliation, a reviewer's "same person", a merge):

- dates of birth: any two of a person's full dates are one slip apart (a slip is one
  typo: a digit changed or two neighbouring digits swapped; the day and month swapped;
  the year off by one), or each is a swap or a year off from one date (1985-12-03 and
  1986-03-12, both from 1985-03-12). A year-only date is one slip from every other
  year. So 1985-03-12, 1985-12-03 and 1986-03-12 can be one person; 1956-02-21 and
  1978-01-29 cannot, nor 1954 and 1990-07-01;
- sex, given name and patronymic: two values that are neither the same name (any
  script or form), nor a close spelling, nor an initial of it (a given name met as
  the other record's surname is a swapped name order, not a conflict);
- one list: a person never holds two records of one member's list for one month,
  unless the two rows are near-identical (same name, both with a full date of birth
  within one slip): a duplicate inside that list;
- a coordinator's "same person" decision on a pair of records waives whatever those
  two records disagree on (and nothing else).

`conflicts(records)` explains what a would-be person's records disagree on;
`join_conflicts(left, right)` what joining two groups of records would break.
`PersonFacts` is the running summary the clustering checks before every merge.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from rapidfuzz.distance import OSA, JaroWinkler

from matching.dates import dates_compatible, full_dates_close, parse_date, years_close
from matching.normalise import MIN_MISSPELT, fold, given_name, patronymic
from matching.records import Record, normalise_sex

NAME_CLOSE = 0.88  # Jaro-Winkler of folded names: a spelling of the same name
SURNAME_CLOSE = 0.92
Key = tuple[str, str]
Date = tuple[int, int, int]

# Conflict kinds (the app shows its own translated label for each).
DATE_OF_BIRTH, SEX, GIVEN_NAME, PATRONYMIC, SAME_LIST = (
    "date_of_birth", "sex", "given_name", "patronymic", "same_list")
KINDS = (DATE_OF_BIRTH, SEX, GIVEN_NAME, PATRONYMIC, SAME_LIST)


# ---------------------------------------------------------------- facts of one record

class Facts(NamedTuple):
    """The identity facts of one record, normalised (empty string / 0 = unknown)."""

    key: Key
    source: str  # the list: member organisation and month, or the file
    date: Date = (0, 0, 0)
    sex: str = ""
    surname: str = ""  # folded
    given: str = ""  # folded, "" when missing or only an initial
    given_class: str = ""
    patronymic: str = ""
    patronymic_class: str = ""

    @classmethod
    def of(cls, record: Record) -> Facts:
        """Read the facts of a record (names folded, date parsed, sex implied by the names)."""
        g = given_name(record.given_name or "")
        p = patronymic(record.patronymic or "")
        date = parse_date(record.date_of_birth)
        sex = normalise_sex(record.sex) or (p.sex if p else None) or (g.sex if g else None)
        return cls(record.key, record.list_key, (date.year, date.month, date.day), sex or "",
                   fold(record.surname or ""),
                   g.folded if g and not g.is_initial else "",
                   g.name_class if g and not g.is_initial else "",
                   p.folded if p and not p.is_initial else "",
                   p.name_class if p and not p.is_initial else "")

    @property
    def full_date(self) -> bool:
        return all(self.date)

    @property
    def year(self) -> int:
        return self.date[0]


def never_one_person(f, i: np.ndarray, j: np.ndarray,
                     kinds: Collection[str] = KINDS) -> np.ndarray:
    """Pairs (indices into a `Features`) whose dates of birth or sexes conflict, at once.

    The same rule as `pair_conflicts` for those two facts: such a pair can never be one
    person, so it is no one's rival either.
    """
    out = np.zeros(len(i), dtype=bool)
    if DATE_OF_BIRTH in kinds:
        full = f.full_dob[i] & f.full_dob[j]
        k = np.flatnonzero(full)
        out[k] = ~full_dates_close(f.year[i[k]], f.month[i[k]], f.day[i[k]],
                                   f.year[j[k]], f.month[j[k]], f.day[j[k]])
        k = np.flatnonzero(~full & (f.year[i] > 0) & (f.year[j] > 0))
        out[k] = ~years_close(f.year[i[k]], f.year[j[k]])
    if SEX in kinds:
        out |= (f.sex[i] > 0) & (f.sex[j] > 0) & (f.sex[i] != f.sex[j])
    return out


def facts_of_features(f) -> list[Facts]:
    """The facts of every record of a `Features` (the engine's already folded arrays)."""
    names, classes = f.names.strings, f.classes.strings
    sexes = {1: "M", 2: "F"}

    def name(ids, k):
        return names[ids[k]] if ids[k] >= 0 else ""

    def cls(ids, k):
        return classes[ids[k]] if ids[k] >= 0 else ""

    sn, gn, gc, pt, pc = (a.tolist() for a in (f.sn, f.gn, f.gn_cls, f.pt, f.pt_cls))
    years, months, days, sex = (a.tolist() for a in (f.year, f.month, f.day, f.sex))
    return [Facts(r.key, r.list_key, (years[k], months[k], days[k]), sexes.get(sex[k], ""),
                  name(sn, k), name(gn, k), cls(gc, k), name(pt, k), cls(pc, k))
            for k, r in enumerate(f.records)]


@lru_cache(maxsize=200_000)
def _close(a: str, b: str, threshold: float) -> bool:
    """A close spelling: Jaro-Winkler at the threshold, or one typo in a longer name."""
    if JaroWinkler.normalized_similarity(a, b) >= threshold:
        return True
    return min(len(a), len(b)) >= MIN_MISSPELT and OSA.distance(a, b) <= 1


def names_conflict(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two (folded, class) names that are not one name: other class and not close."""
    if not a[0] or not b[0] or a[1] == b[1]:
        return False
    return not _close(min(a[0], b[0]), max(a[0], b[0]), NAME_CLOSE)


def near_identical(a: Facts, b: Facts) -> bool:
    """Two rows of one list that are one person written twice: same name, same date."""
    if not (a.full_date and b.full_date and a.surname and b.surname and a.given and b.given):
        return False
    if a.surname != b.surname and not _close(min(a.surname, b.surname),
                                             max(a.surname, b.surname), SURNAME_CLOSE):
        return False
    return (not names_conflict((a.given, a.given_class), (b.given, b.given_class))
            and not names_conflict((a.patronymic, a.patronymic_class),
                                   (b.patronymic, b.patronymic_class))
            and not (a.sex and b.sex and a.sex != b.sex)
            and dates_compatible({a.date, b.date}))


def pair_conflicts(a: Facts, b: Facts) -> list[str]:
    """The kinds of conflict between two records (empty: they can be one person)."""
    found = []
    if a.full_date and b.full_date:
        if not dates_compatible({a.date, b.date}):
            found.append(DATE_OF_BIRTH)
    elif a.year and b.year:
        full = {x.date for x in (a, b) if x.full_date}
        if not dates_compatible(full, {x.year for x in (a, b) if not x.full_date}):
            found.append(DATE_OF_BIRTH)
    if a.sex and b.sex and a.sex != b.sex:
        found.append(SEX)
    swapped = a.surname in (b.given,) or b.surname in (a.given,)
    if not swapped and names_conflict((a.given, a.given_class), (b.given, b.given_class)):
        found.append(GIVEN_NAME)
    if names_conflict((a.patronymic, a.patronymic_class), (b.patronymic, b.patronymic_class)):
        found.append(PATRONYMIC)
    if a.source == b.source and a.key != b.key and not near_identical(a, b):
        found.append(SAME_LIST)
    return found


# ---------------------------------------------------------------- explanations

@dataclass(frozen=True)
class Conflict:
    """Two records of a would-be person that disagree on an identity fact."""

    kind: str  # one of KINDS
    left: Key
    right: Key
    left_value: str  # the fact as the left record has it (for the reviewer's eyes only)
    right_value: str

    def explain(self) -> str:
        """One English line: which records, which fact."""
        what = {DATE_OF_BIRTH: "dates of birth", SEX: "sex", GIVEN_NAME: "given names",
                PATRONYMIC: "patronymics", SAME_LIST: "the same list"}[self.kind]
        if self.kind == SAME_LIST:
            return (f"{_show(self.left)} and {_show(self.right)} are two rows of "
                    f"{self.left_value}: one person is listed once per list and month")
        return (f"{_show(self.left)} and {_show(self.right)} differ in {what}: "
                f"{self.left_value} / {self.right_value}")


def _show(key: Key) -> str:
    return f"{key[0]} #{key[1]}"


def _value(facts: Facts, record: Record | None, kind: str) -> str:
    if kind == SAME_LIST:
        return facts.source
    raw = {DATE_OF_BIRTH: "date_of_birth", SEX: "sex", GIVEN_NAME: "given_name",
           PATRONYMIC: "patronymic"}[kind]
    shown = getattr(record, raw, None) if record is not None else None
    if shown:
        return str(shown)
    return {DATE_OF_BIRTH: "-".join(str(x) for x in facts.date if x), SEX: facts.sex,
            GIVEN_NAME: facts.given, PATRONYMIC: facts.patronymic}[kind]


def _pair_key(a: Key, b: Key) -> frozenset[Key]:
    return frozenset((a, b))


def _explained(pairs: Iterable[tuple[Record, Record]],
               same: Collection[frozenset[Key]]) -> list[Conflict]:
    out = []
    for ra, rb in pairs:
        if _pair_key(ra.key, rb.key) in same:
            continue
        fa, fb = _facts(ra), _facts(rb)
        out.extend(Conflict(kind, ra.key, rb.key, _value(fa, ra, kind), _value(fb, rb, kind))
                   for kind in pair_conflicts(fa, fb))
    return out


@lru_cache(maxsize=50_000)
def _facts(record: Record) -> Facts:
    return Facts.of(record)


def conflicts(records: Sequence[Record], *,
              same: Collection[frozenset[Key]] = frozenset()) -> list[Conflict]:
    """Every pair of the records that cannot be one person, with the fact they disagree on.

    `same` holds the pairs a coordinator decided are one person
    (`frozenset({key_a, key_b})`): what those two records disagree on is not reported.
    An empty list means the records can be one person.
    """
    ordered = sorted(records, key=lambda r: r.key)
    return _explained(((ordered[i], ordered[j]) for i, j in _candidate_pairs(ordered)), same)


def _candidate_pairs(ordered: Sequence[Record]) -> list[tuple[int, int]]:
    """The pairs (i < j) of the records that may conflict, without trying every pair.

    A person's records repeat the same few facts month after month. Records with the same
    facts (all but their key and list) conflict with another record in the same ways, so
    the facts are compared once per pair of distinct facts; every pair of two conflicting
    kinds of facts is a candidate, and so is every pair from one list (the one-list rule
    depends on the list). `_explained` then checks each candidate as before.
    """
    groups: dict[tuple, list[int]] = {}
    lists: dict[str, list[int]] = {}
    facts = [_facts(r) for r in ordered]
    for index, f in enumerate(facts):
        groups.setdefault(f[2:], []).append(index)
        lists.setdefault(f.source, []).append(index)
    found: set[tuple[int, int]] = set()
    kinds = list(groups.items())
    for g, (_facts_a, members_a) in enumerate(kinds):
        a = facts[members_a[0]]._replace(source="\x00a")
        for _facts_b, members_b in kinds[g + 1:]:
            b = facts[members_b[0]]._replace(source="\x00b")
            if pair_conflicts(a, b):
                found.update((min(i, j), max(i, j)) for i in members_a for j in members_b)
    for members in lists.values():
        found.update((i, j) for k, i in enumerate(members) for j in members[k + 1:])
    return sorted(found)


def join_conflicts(left: Sequence[Record], right: Sequence[Record], *,
                   same: Collection[frozenset[Key]] = frozenset()) -> list[Conflict]:
    """What joining two groups of records (a link, a merge, a "same person") would break.

    Only pairs across the two groups are checked: each group's own disagreements
    (already decided) are not the join's fault.
    """
    a, b = sorted(left, key=lambda r: r.key), sorted(right, key=lambda r: r.key)
    return _explained(((x, y) for x in a for y in b if x.key != y.key), same)


def is_thin(record: Record) -> bool:
    """A record too thin to tell namesakes apart: no full date of birth or no patronymic."""
    facts = _facts(record)
    return not facts.full_date or not facts.patronymic

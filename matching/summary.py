"""The running summary of a cluster, checked against the constraints before every merge.

The same rules as `constraints.pair_conflicts`, applied to whole groups of records
at once: a merge is refused when any record of one group conflicts with any record of
the other (dates of birth are checked over all the group's dates together).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import lru_cache

from matching.constraints import (
    DATE_OF_BIRTH,
    GIVEN_NAME,
    KINDS,
    PATRONYMIC,
    SAME_LIST,
    SEX,
    Facts,
    names_conflict,
    near_identical,
)
from matching.dates import dates_compatible

_SEX_BITS = {"M": 1, "F": 2}
Names = frozenset[tuple[str, str]]
DateGroup = tuple[frozenset, frozenset]  # full dates, bare years


class PersonFacts:
    """What a group of records says about its person.

    Dates are kept as groups of dates that can be one person's: one group normally;
    more when a coordinator decided that records with conflicting dates are one person
    (`waived`): then a new record has to fit one of the groups, and names and sex are
    not checked (the person already holds what they disagree on).
    """

    __slots__ = ("dates", "sexes", "given", "patronymics", "surnames", "lists", "waived",
                 "dated")

    def __init__(self) -> None:
        self.dates: tuple[DateGroup, ...] = ()
        self.sexes = 0
        self.given: Names = frozenset()
        self.patronymics: Names = frozenset()
        self.surnames: frozenset[str] = frozenset()
        self.lists: dict[str, list[Facts]] = {}
        self.waived = False
        self.dated = 0  # records with a full date of birth

    @classmethod
    def of(cls, facts: Facts) -> PersonFacts:
        """The summary of one record."""
        s = cls()
        if facts.full_date:
            s.dates = ((frozenset((facts.date,)), frozenset()),)
            s.dated = 1
        elif facts.year:
            s.dates = ((frozenset(), frozenset((facts.year,))),)
        s.sexes = _SEX_BITS.get(facts.sex, 0)
        if facts.given:
            s.given = frozenset(((facts.given, facts.given_class),))
        if facts.patronymic:
            s.patronymics = frozenset(((facts.patronymic, facts.patronymic_class),))
        if facts.surname:
            s.surnames = frozenset((facts.surname,))
        s.lists = {facts.source: [facts]}
        return s

    @classmethod
    def of_group(cls, group: Iterable[Facts]) -> PersonFacts:
        """The summary of records identical in every fact but their list."""
        rows = list(group)
        s = cls.of(rows[0])
        s.dated = s.dated * len(rows)
        for facts in rows[1:]:
            s.lists.setdefault(facts.source, []).append(facts)
        return s

    def conflict(self, other: PersonFacts, fields: Collection[str] = KINDS) -> str | None:
        """The first kind of conflict joining the two would create, or None."""
        if DATE_OF_BIRTH in fields and _merged_dates(self, other) is None:
            return DATE_OF_BIRTH
        if not (self.waived or other.waived):
            if SEX in fields and (self.sexes | other.sexes) == 3:
                return SEX
            if (GIVEN_NAME in fields and self.given != other.given
                    and _names_conflict(self.given, other.given,
                                        self.surnames | other.surnames)):
                return GIVEN_NAME
            if (PATRONYMIC in fields and self.patronymics != other.patronymics
                    and _names_conflict(self.patronymics, other.patronymics, frozenset())):
                return PATRONYMIC
        if SAME_LIST in fields:
            small, large = ((self, other) if len(self.lists) <= len(other.lists)
                            else (other, self))
            for source, rows in small.lists.items():
                there = large.lists.get(source)
                if there and not all(near_identical(a, b) for a in rows for b in there):
                    return SAME_LIST
        return None

    def absorb(self, other: PersonFacts, *, waive: bool = False) -> None:
        """Take the other group's records in (after `conflict` said yes, or decided)."""
        dates = _merged_dates(self, other)
        if dates is None:  # only when a decision waives the conflict
            dates = self.dates + other.dates
            waive = True
        self.dates = dates
        self.sexes |= other.sexes
        if other.given - self.given:
            self.given = self.given | other.given
        if other.patronymics - self.patronymics:
            self.patronymics = self.patronymics | other.patronymics
        if other.surnames - self.surnames:
            self.surnames = self.surnames | other.surnames
        for source, rows in other.lists.items():
            mine = self.lists.get(source)
            if mine is None:
                self.lists[source] = rows
            else:
                mine.extend(rows)
        self.dated += other.dated
        self.waived = self.waived or other.waived or waive


def _merged_dates(a: PersonFacts, b: PersonFacts) -> tuple[DateGroup, ...] | None:
    """The date groups of the two together; None when they cannot be one person's."""
    if not a.dates or not b.dates:
        return a.dates or b.dates
    if len(a.dates) == 1 and len(b.dates) == 1:
        merged = _merge_groups(a.dates[0], b.dates[0])
        return None if merged is None else (merged,)
    found = tuple(m for ga in a.dates for gb in b.dates
                  if (m := _merge_groups(ga, gb)) is not None)
    if not found:
        return None
    if a.waived or b.waived:  # keep the groups that met no partner
        found += tuple(g for g in a.dates + b.dates
                       if not any(g[0] <= m[0] and g[1] <= m[1] for m in found))
    return found


def _merge_groups(a: DateGroup, b: DateGroup) -> DateGroup | None:
    if a == b:
        return a
    full, years = a[0] | b[0], a[1] | b[1]
    return (full, years) if dates_compatible(full, years) else None


@lru_cache(maxsize=200_000)
def _names_conflict(a: Names, b: Names, excused: frozenset[str]) -> bool:
    """Some name of a and some name of b are not one name (a name seen as a surname is
    a swapped name order, not a conflict)."""
    for x in a:
        for y in b:
            if x[0] in excused or y[0] in excused:
                continue
            if names_conflict(x, y):
                return True
    return False

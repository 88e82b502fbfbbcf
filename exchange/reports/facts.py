"""What a member changed in its own record of a person from one month to another.

A change counts only when the same member says one thing in the earlier month and
another in the later one: members spell places and names in their own language and
transliteration, so comparing one member's value with another's would report spelling,
not news. Values are compared after folding scripts and transliterations (digits kept);
a date that only gains or loses precision (`1980` / `1980-05-02`) is no change; a fact
reported for the first time (or no longer reported) is no change either.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from exchange.domain.merge import Observation
from matching.normalise import fold

DATE_FIELDS = frozenset({"date_of_birth", "detained_on", "released_on"})
# Words that mean the same in the members' languages (folded): ВК (uk) = ИК (ru) = IK, a colony.
SAME_WORDS = {"vk": "ik"}
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class MemberChange:
    """One field a member changed: its old and new values and its later records."""

    field: str
    before: str
    after: str
    sources: str


def text_key(value: object) -> tuple[str, ...]:
    """Return a spelling-independent key: words folded across scripts, numbers kept."""
    words = (w if w.isdigit() else fold(w) for w in _WORDS.findall(str(value)))
    return tuple(SAME_WORDS.get(w, w) for w in words if w)


def same_value(name: str, a: object, b: object) -> bool:
    """Return whether two values of a field say the same thing."""
    if name in DATE_FIELDS:
        a, b = str(a), str(b)
        return a.startswith(b) or b.startswith(a)
    return a == b or text_key(a) == text_key(b)


def _latest_by_member(observations: Iterable[Observation]) -> dict[str, list[Observation]]:
    """Return each member's records of the latest month it listed the person in."""
    grouped: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        kept = grouped[o.org]
        if kept and kept[0].month < o.month:
            kept.clear()
        if not kept or kept[0].month == o.month:
            kept.append(o)
    return grouped


def _values(observations: Sequence[Observation], name: str) -> list[str]:
    return sorted({str(o.get(name)) for o in observations if o.get(name) is not None})


def member_changes(
    earlier: Iterable[Observation], later: Iterable[Observation], fields: Sequence[str]
) -> list[MemberChange]:
    """Return the fields some member changed between its earlier and its later records."""
    before, after = _latest_by_member(earlier), _latest_by_member(later)
    found: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for org in sorted(set(before) & set(after)):
        for name in fields:
            old, new = _values(before[org], name), _values(after[org], name)
            if not old or not new:
                continue
            if all(any(same_value(name, n, o) for o in old) for n in new):
                continue
            olds, news, refs = found.setdefault(name, (set(), set(), set()))
            olds.update(old)
            news.update(new)
            refs.update(f"{o.org}:{o.record_id}" for o in after[org] if o.get(name) is not None)
    return [
        MemberChange(name, "; ".join(sorted(o)), "; ".join(sorted(n)), "; ".join(sorted(r)))
        for name, (o, n, r) in ((f, found[f]) for f in fields if f in found)
    ]

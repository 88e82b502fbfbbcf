"""A person's merged facts from the source records behind them, with field-level provenance.

Each field is chosen by a rule, and the rule is kept beside the value:
- `majority`: identity facts (name, date of birth, region, ...): the value most members
  agree on (each member's most recent record counts once); ties go to the most recent
  month, then to the more precise date;
- `most_recent`: facts that change over time (release status, legal position, place of
  detention): the value of the latest month; within it, the members' majority, except that
  a reported release, exchange or death outweighs members that still say `detained`;
- `coordinator`: a value a coordinator chose by hand; kept until a coordinator changes it.

Pure functions on plain data: no database. The field groups are `exchange.domain.fields`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from exchange.domain.fields import (
    CONFLICT_FIELDS,
    CURRENT_FIELDS,
    DETENTION_FIELDS,
    IDENTITY_FIELDS,
    NAME_FIELDS,
)
from exchange.domain.statuses import NOT_HELD

UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")


@dataclass(frozen=True)
class Observation:
    """What one source record says: its canonical values, who said it and when."""

    org: str
    record_id: str
    month: str
    values: Mapping[str, Any]
    source_record_id: int | None = None

    def get(self, name: str) -> Any:
        value = self.values.get(name)
        return None if value in ("", None) else value


@dataclass
class FieldChoice:
    """The merged value of one field and where it came from."""

    value: Any
    rule: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    conflict: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The choice as kept beside the person: the sources each member's latest per value."""
        return {
            "value": self.value,
            "rule": self.rule,
            "sources": latest_sources(self.sources),
            "conflict": self.conflict,
        }


def latest_sources(sources: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Keep, for each member and value, only the latest source that said it (month order).

    What a field's provenance explains: which member says which value, as of when. Every
    earlier month repeating the same would make it grow with each month's lists (two years
    of four members: 96 sources a field); the records themselves keep the full history.
    Every distinct value stays, so the choice and its conflict read the same.
    """
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for s in sources:
        key = (str(s.get("org")), repr(s.get("value")))
        if key not in latest or (s.get("month") or "") >= (latest[key].get("month") or ""):
            latest[key] = dict(s)
    return sorted(latest.values(), key=lambda s: (s.get("month") or "", str(s.get("org"))))


def _said(observations: Iterable[Observation], name: str) -> list[dict[str, Any]]:
    return [
        {"org": o.org, "record_id": o.record_id, "month": o.month, "value": o.get(name)}
        for o in observations
        if o.get(name) is not None
    ]


def _latest_per_org(observations: Sequence[Observation]) -> list[Observation]:
    latest: dict[str, Observation] = {}
    for o in sorted(observations, key=lambda o: (o.month, o.source_record_id or 0)):
        latest[o.org] = o
    return sorted(latest.values(), key=lambda o: o.org)


def _precision(value: Any) -> int:
    return len(str(value))  # YYYY-MM-DD beats YYYY-MM beats YYYY


def _consistent_dates(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def choose_majority(observations: Sequence[Observation], name: str) -> FieldChoice | None:
    """Choose the value most members agree on (each member's latest record counts once)."""
    said = _said(_latest_per_org(observations), name)
    if not said:
        said = _said(observations, name)
    if not said:
        return None
    votes = Counter(s["value"] for s in said)
    latest_month = {v: max(s["month"] for s in said if s["value"] == v) for v in votes}
    value = max(votes, key=lambda v: (votes[v], latest_month[v], _precision(v), str(v)))
    distinct = set(votes)
    if name == "date_of_birth":
        # A bare year that the full date agrees with is no conflict, and the precise date wins.
        compatible = [v for v in distinct if _consistent_dates(str(v), str(value))]
        if len(compatible) == len(distinct):
            value = max(distinct, key=_precision)
            distinct = {value}
    return FieldChoice(value, "majority", said, conflict=len(distinct) > 1)


def choose_most_recent(observations: Sequence[Observation], name: str) -> FieldChoice | None:
    """Choose the latest month's value; a reported release outweighs a stale `detained`."""
    said = _said(observations, name)
    if not said:
        return None
    month = max(s["month"] for s in said)
    current = [s for s in said if s["month"] == month]
    votes = Counter(s["value"] for s in current)
    if name == "release_status" and any(v in NOT_HELD for v in votes):
        votes = Counter({v: n for v, n in votes.items() if v in NOT_HELD})
    value = max(votes, key=lambda v: (votes[v], str(v)))
    return FieldChoice(
        value,
        "most_recent",
        said,
        conflict=len(votes) > 1 or len({s["value"] for s in current}) > 1,
    )


def name_script(surname: str | None, given: str | None) -> str:
    """Return `cyrl-uk`, `cyrl` or `latn` for a name."""
    text = f"{surname or ''}{given or ''}"
    if any(ch in UKRAINIAN_LETTERS for ch in text):
        return "cyrl-uk"
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return "cyrl"
    return "latn"


def choose_name(observations: Sequence[Observation]) -> dict[str, FieldChoice]:
    """Choose the registry's spelling: Ukrainian Cyrillic first, then Cyrillic, then Latin."""
    rank = {"cyrl-uk": 0, "cyrl": 1, "latn": 2}
    named = [o for o in observations if o.get("surname") or o.get("given_name")]
    if not named:
        return {}
    best = min(rank[name_script(o.get("surname"), o.get("given_name"))] for o in named)
    pool = [o for o in named if rank[name_script(o.get("surname"), o.get("given_name"))] == best]
    choices = {}
    for name in NAME_FIELDS:
        choice = choose_majority(pool, name)
        if choice is not None:
            choice.sources = _said(observations, name)
            choices[name] = choice
    return choices


def name_variants(observations: Sequence[Observation]) -> list[tuple[str | None, ...]]:
    """Return each distinct spelling (surname, given name, patronymic) the sources used."""
    seen = []
    for o in sorted(observations, key=lambda o: (o.month, o.org, o.record_id)):
        key = tuple(o.get(n) for n in NAME_FIELDS)
        if any(key) and key not in seen:
            seen.append(key)
    return seen


def merge_facts(
    observations: Sequence[Observation], pinned: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, FieldChoice]:
    """Return the merged value of every field with its rule, sources and conflict flag."""
    pinned = pinned or {}
    merged: dict[str, FieldChoice] = dict(choose_name(observations))
    for name in IDENTITY_FIELDS:
        choice = choose_majority(observations, name)
        if choice is not None:
            merged[name] = choice
    for name in (*CURRENT_FIELDS, *DETENTION_FIELDS):
        choice = choose_most_recent(observations, name)
        if choice is not None:
            merged[name] = choice
    for name, kept in pinned.items():
        sources = merged[name].sources if name in merged else []
        merged[name] = FieldChoice(
            kept.get("value"),
            "coordinator",
            sources,
            conflict=any(s["value"] != kept.get("value") for s in sources),
        )
    return merged


def conflicts(merged: Mapping[str, FieldChoice]) -> list[str]:
    """Return the watched fields on which members disagree."""
    return [name for name in CONFLICT_FIELDS if name in merged and merged[name].conflict]


def held_in_month(observations: Sequence[Observation], month: str) -> bool | None:
    """Return whether the month's records say the person is still held (None: not listed)."""
    current = [o for o in observations if o.month == month]
    if not current:
        return None
    statuses = {o.get("release_status") for o in current}
    return not (statuses & NOT_HELD)

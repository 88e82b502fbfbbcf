"""Find persons by name with the matching engine's normalisation and score.

A query in any script or transliteration, with initials or in either order (see
`matching.search`), is compared with every name a person has: the registry's current
name and every spelling a member used (name variants). Hits are ranked by the engine's
score (log2 odds from the names alone). A query that is only part of a name (`Іван`
for Іваненко) also finds, after those, the persons whose spellings contain it.

The index folds every name once; it is kept per process and database, and rebuilt
when the registry's names change (a cheap fingerprint of the person and name-variant
tables is read at each search). A view calls `search_persons`; the name never has to
travel in an address.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import matching
from exchange.models import NameVariant, Person

LIMIT = 200  # hits worth paging through; beyond them a query is too vague


@dataclass(frozen=True)
class PersonHit:
    """A person the query may name, with the engine's score (None: matched as a substring)."""

    person_id: int
    score: float | None


@dataclass
class _Cached:
    fingerprint: tuple
    index: matching.NameIndex


_cache: dict[str, _Cached] = {}
_lock = threading.Lock()


def _fingerprint(session: Session) -> tuple:
    persons = session.execute(
        select(func.count(Person.id), func.max(Person.updated_at), func.max(Person.id)).where(
            Person.merged_into_id.is_(None)
        )
    ).one()
    variants = session.execute(select(func.count(NameVariant.id), func.max(NameVariant.id))).one()
    return (*persons, *variants)


def _entries(session: Session) -> list[tuple[int, matching.Record]]:
    """Every name of every person of the registry, as the engine reads a name."""
    rows = session.execute(
        select(Person.id, Person.surname, Person.given_name, Person.patronymic).where(
            Person.merged_into_id.is_(None)
        )
    ).all()
    rows += session.execute(
        select(
            NameVariant.person_id,
            NameVariant.surname,
            NameVariant.given_name,
            NameVariant.patronymic,
        )
        .join(Person, Person.id == NameVariant.person_id)
        .where(Person.merged_into_id.is_(None))
    ).all()
    seen: set[tuple] = set()
    entries = []
    for pid, surname, given, patronymic in rows:
        if (pid, surname, given, patronymic) in seen or not (surname or given):
            continue
        seen.add((pid, surname, given, patronymic))
        record = matching.Record(
            "registry", str(len(entries)), surname=surname, given_name=given,
            patronymic=patronymic,
        )
        entries.append((pid, record))
    return entries


def name_index(session: Session) -> matching.NameIndex:
    """Return the registry's name index, rebuilt when the names changed since it was built."""
    bind = session.get_bind()
    key = str(getattr(bind, "engine", bind).url)  # a Connection in tests, an Engine else
    fingerprint = _fingerprint(session)
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached.fingerprint != fingerprint:
            cached = _cache[key] = _Cached(fingerprint, matching.NameIndex(_entries(session)))
    return cached.index


def _substring_matches(session: Session, query: str, exclude: set[int]) -> list[int]:
    """Persons whose spellings contain every word of the query (case-folded)."""
    stmt = select(Person.id).where(Person.merged_into_id.is_(None))
    for word in query.split():
        stmt = stmt.where(Person.search_text.like(_like(word.casefold()), escape="\\"))
    stmt = stmt.order_by(Person.surname, Person.given_name, Person.id).limit(LIMIT)
    return [pid for pid in session.scalars(stmt) if pid not in exclude]


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_persons(session: Session, query: str, limit: int = LIMIT) -> list[PersonHit]:
    """Return the persons a name query may mean, the engine's best matches first."""
    query = (query or "").strip()
    if not query:
        return []
    hits = [PersonHit(int(h.key), h.score) for h in name_index(session).search(query, limit)]
    found = {h.person_id for h in hits}
    hits += [PersonHit(pid, None) for pid in _substring_matches(session, query, found)]
    return hits[:limit]

"""Search persons by name as the other side writes it, with the engine's own comparisons.

A query may come in any script and any transliteration (Ukrainian or Russian Cyrillic,
the Ukrainian passport Latin, Russian-style Latin such as Ibragimov, Tatyana, Sergey,
Olegovich), with initials (`Іваненко В.О.`) and in either name order. It is read into
the possible (surname, given name, patronymic) readings; each indexed name is compared
with every reading by the linkage engine's comparisons (folding, name classes,
feminine/masculine surnames, one-typo spellings, initials), and scored by the weights
of the bundled model: the log2 odds the names alone give. The best reading counts.

    index = NameIndex([(person_id, Record(...)), ...])   # every name variant of a person
    hits = index.search("Ибрагимов Т.Т.", limit=20)     # best first
    hits[0].key, hits[0].score, hits[0].levels

Build the index once (it folds every name); a search compares the query with every
entry in numpy, a few milliseconds for ten thousand names.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import permutations

import numpy as np

from matching.comparisons import COMPARISONS
from matching.features import Features
from matching.model import MatchModel
from matching.normalise import is_initial, patronymic
from matching.records import Record, split_full_name, tokens_of

NAME_PARTS = ("surname", "given_name", "patronymic")
_NAME_INDEX = [k for k, c in enumerate(COMPARISONS) if c.name in NAME_PARTS]
MIN_SCORE = 0.0  # the names agree more than they disagree


@dataclass(frozen=True)
class Hit:
    """An indexed name the query may be: its key, score (log2 odds) and levels."""

    key: Hashable
    score: float
    levels: dict[str, str]  # comparison -> level, for the best reading of the query
    record: Record


def readings(query: str) -> list[Record]:
    """The ways a query can be read as surname, given name and patronymic, likeliest first."""
    tokens = tokens_of(query)
    words = [t for t in tokens if not is_initial(t)]
    initials = [t for t in tokens if is_initial(t)]
    if not words:
        return []
    patronymics = [w for w in words if (p := patronymic(w)) and p.sex and len(words) > 1]
    others = [w for w in words if w not in patronymics][:2]
    found: list[tuple[str | None, str | None, str | None]] = [split_full_name(query)]
    for order in permutations(others):
        surname, given = order[0], order[1] if len(order) > 1 else None
        rest = list(initials)
        if given is None and rest:
            given = rest.pop(0)
        patron = patronymics[0] if patronymics else (rest.pop(0) if rest else None)
        found.append((surname, given, patron))
    if len(others) == 1 and not patronymics and not initials:  # perhaps a given name alone
        found.append((None, others[0], None))
    seen, out = set(), []
    for s, g, p in found:
        if (s, g, p) not in seen and (s or g):
            seen.add((s, g, p))
            out.append(Record("query", str(len(out)), surname=s, given_name=g, patronymic=p))
    return out


class NameIndex:
    """Names to search, each under a key (a person may have several names)."""

    def __init__(self, entries: Sequence[tuple[Hashable, Record]],
                 model: MatchModel | None = None) -> None:
        self.keys = [key for key, _ in entries]
        self.records = [record for _, record in entries]
        self.model = model or MatchModel.default()
        self.features = Features(self.records)
        table = self.model.weight_table()
        self._weights = [table[k] for k in _NAME_INDEX]

    def search(self, query: str, limit: int = 20, min_score: float = MIN_SCORE) -> list[Hit]:
        """The entries the query may name, best first (one hit per key)."""
        variants = readings(query)
        if not variants or not self.records:
            return []
        f = self.features.extended(variants)
        n = len(self.records)
        everyone = np.arange(n)
        best = np.full(n, -np.inf)
        best_levels = np.zeros((n, len(_NAME_INDEX)), dtype=np.int8)
        for v in range(len(variants)):
            levels = np.column_stack([COMPARISONS[k].compute(f, np.full(n, n + v), everyone)
                                      for k in _NAME_INDEX])
            score = sum(w[levels[:, c]] for c, w in enumerate(self._weights))
            better = score > best
            best[better], best_levels[better] = score[better], levels[better]
        return self._hits(best, best_levels, limit, min_score)

    def _hits(self, best, levels, limit: int, min_score: float) -> list[Hit]:
        hits: list[Hit] = []
        seen: set[Hashable] = set()
        for k in np.lexsort((np.arange(len(best)), -best)).tolist():
            if best[k] < min_score or len(hits) >= limit:
                break
            if self.keys[k] in seen:
                continue
            seen.add(self.keys[k])
            named = {COMPARISONS[c].name: COMPARISONS[c].levels[int(lv)]
                     for c, lv in zip(_NAME_INDEX, levels[k], strict=True)}
            hits.append(Hit(self.keys[k], round(float(best[k]), 3), named, self.records[k]))
        return hits

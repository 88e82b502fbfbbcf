"""Read open headers as a scored decision: header words plus column contents, one column each.

For every open header and canonical column: score = words (header_rules.py, 0..1) +
CONTENT_WEIGHT x contents (content.py, -1..1). The headers then share the columns in the
assignment with the best total (assignment.py), where "no column" scores NONE_SCORE. A
reading is applied only when the words support it, its score is high enough and the best
total would drop by at least MARGIN if that header had to take another column (or none):
a weak or tied guess is left to the user with its suggestion, never applied.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from exchange.importing.assignment import FORBIDDEN, best_assignment, margin, total
from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.importing.content import Fact, content_score
from exchange.importing.header_rules import word_scores
from exchange.importing.headers import HeaderMapping, HeaderReading
from exchange.importing.profile import ColumnProfile, profile_column

CONTENT_WEIGHT = 0.8
NONE_SCORE = 0.5  # what leaving a header unread is worth
ACCEPT = 0.85  # least score of an applied reading
MIN_WORDS = 0.4  # least word score: the contents alone only ever suggest
MARGIN = 0.3  # least drop of the best total without this reading

Rows = list[tuple[int, list[object]]]


def recognise(mapping: HeaderMapping, data: Rows, today: dt.date) -> None:
    """Decide the column of every open header; leave weak or tied ones to the user."""
    heads = list(mapping.open)
    if not heads:
        return
    profiles = [profile_column([c[i] if i < len(c) else None for _, c in data], today)
                for i in heads]
    words = [word_scores(mapping.labels[i]) for i in heads]
    taken = set(mapping.columns.values())
    scores, reasons = _score_matrix(words, profiles, taken, today)
    allowed = _words_allow(scores, words)
    chosen = best_assignment(allowed, NONE_SCORE)
    best = total(allowed, chosen, NONE_SCORE)
    for row, i in enumerate(heads):
        reading = _reading(mapping.labels[i], row, (scores, allowed), reasons, words[row],
                           chosen, best)
        mapping.readings[i] = reading
        if reading.column:
            mapping.columns[i] = reading.column
        else:
            mapping.unknown.append(mapping.labels[i])
    _name_rivals(mapping, heads)


Reasons = tuple[tuple[Fact, ...], tuple[Fact, ...]]  # (from the words, from the values)


def _score_matrix(words: list[dict], profiles: list[ColumnProfile], taken: set[str],
                  today: dt.date) -> tuple[np.ndarray, list[dict[int, Reasons]]]:
    """Return header x column scores and, per header, the reasons behind each score."""
    scores = np.full((len(words), len(CANONICAL_COLUMNS)), FORBIDDEN)
    reasons: list[dict[int, Reasons]] = []
    for row, (ws, prof) in enumerate(zip(words, profiles, strict=True)):
        why: dict[int, Reasons] = {}
        for j, column in enumerate(CANONICAL_COLUMNS):
            if column in taken:
                continue
            content, c_reason = content_score(column, prof, today)
            w = ws.get(column)
            scores[row, j] = (w.score if w else 0.0) + CONTENT_WEIGHT * content
            why[j] = (w.reason if w else (), c_reason)
        reasons.append(why)
    return scores, reasons


def _words_allow(scores: np.ndarray, words: list[dict]) -> np.ndarray:
    """Return the scores where the header's words support the column; elsewhere forbidden.

    The contents alone only ever suggest a column: they may not take it from a header
    whose words name it, nor make another reading look close.
    """
    allowed = np.full(scores.shape, FORBIDDEN)
    for row, ws in enumerate(words):
        for j, column in enumerate(CANONICAL_COLUMNS):
            if column in ws and ws[column].score >= MIN_WORDS:
                allowed[row, j] = scores[row, j]
    return allowed


def _reading(label: str, row: int, matrices: tuple[np.ndarray, np.ndarray],
             reasons: list[dict], words: dict, chosen: list[int | None],
             best: float) -> HeaderReading:
    """Return the reading of one header: applied if sure enough, else a suggestion."""
    scores, allowed = matrices
    j = chosen[row]
    suggestion = j if j is not None else int(np.argmax(scores[row]))
    column = CANONICAL_COLUMNS[suggestion]
    word_reason, content_reason = reasons[row].get(suggestion, ((), ()))
    score = float(scores[row, suggestion])
    reading = HeaderReading(label, None, "unread", round(score, 2), 0.0, word_reason,
                            content_reason)
    if j is None:
        reading.suggestion = column if score > 0 else None
        return reading
    reading.margin = round(margin(allowed, row, j, NONE_SCORE, best), 2)
    if score >= ACCEPT and reading.margin >= MARGIN:
        reading.column, reading.source = column, "read"
    else:
        reading.suggestion = column
    return reading


def _name_rivals(mapping: HeaderMapping, heads: list[int]) -> None:
    """For an unread header, name the header that the same column went to, if any."""
    by_column = {mapping.readings[i].column or mapping.readings[i].suggestion: i for i in heads
                 if mapping.readings[i].column}
    by_column.update({c: i for i, c in mapping.columns.items() if i not in heads})
    for i in heads:
        reading = mapping.readings[i]
        other = by_column.get(reading.suggestion) if reading.column is None else None
        if other is not None and other != i:
            reading.rival = mapping.labels[other]

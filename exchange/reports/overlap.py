"""Who lists whom: persons per member, persons only one member lists, pairwise overlaps; SVG."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.computed import remember
from exchange.models import Organisation, SourceRecord
from exchange.reports.queries import linked_records

BAR, ROW, LABEL, CELL = 460, 24, 110, 58
LIGHT, DARK = (244, 247, 251), (31, 95, 168)
DARK_HEX = "#1f5fa8"


@dataclass(frozen=True)
class Overlap:
    """The month's listing counts per member and per pair of members."""

    month: str
    members: tuple[str, ...]
    listed: dict[str, int]
    only: dict[str, int]
    pairs: dict[tuple[str, str], int]
    total: int

    def pair(self, a: str, b: str) -> int:
        """Return how many persons both members list (a member with itself: all it lists)."""
        if a == b:
            return self.listed.get(a, 0)
        return self.pairs.get((min(a, b), max(a, b)), 0)


def compute_overlap(session: Session, month: str) -> Overlap:
    """Count, for the month, the persons each member lists, alone and with each other member.

    Computed once per state of the registry (`exchange.computed`).
    """
    return remember(session, ("overlap", month), lambda: _overlap(session, month))


def _overlap(session: Session, month: str) -> Overlap:
    stmt = (
        linked_records()
        .with_only_columns(SourceRecord.person_id, Organisation.code)
        .where(SourceRecord.list_month == month)
        .distinct()
    )
    persons: dict[str, set[int]] = defaultdict(set)
    for person_id, code in session.execute(stmt):
        persons[code].add(person_id)
    coalition = select(Organisation.code).where(Organisation.is_coalition_member.is_(True))
    members = tuple(sorted(set(session.scalars(coalition)) | set(persons)))
    everyone = set().union(*persons.values()) if persons else set()
    owners: dict[int, int] = defaultdict(int)
    for ids in persons.values():
        for pid in ids:
            owners[pid] += 1
    return Overlap(
        month=month,
        members=members,
        listed={m: len(persons[m]) for m in members},
        only={m: sum(1 for pid in persons[m] if owners[pid] == 1) for m in members},
        pairs={(a, b): len(persons[a] & persons[b]) for a, b in combinations(members, 2)},
        total=len(everyone),
    )


def _shade(share: float) -> str:
    r, g, b = (round(lo + (hi - lo) * share) for lo, hi in zip(LIGHT, DARK, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _text(x: float, y: float, text: object, anchor: str = "start", fill: str = "#222") -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" fill="{fill}">'
        f"{escape(str(text))}</text>"
    )


def _bar(y: int, length: float, fill: str) -> str:
    return f'<rect x="{LABEL}" y="{y + 4}" width="{length:.1f}" height="{ROW - 8}" fill="{fill}"/>'


def _bars(overlap: Overlap, top: int) -> list[str]:
    """Draw one bar per member: all it lists, and the darker part only it lists."""
    most = max(overlap.listed.values(), default=0) or 1
    parts = []
    for i, code in enumerate(overlap.members):
        y = top + i * ROW
        whole = BAR * overlap.listed[code] / most
        alone = BAR * overlap.only[code] / most
        parts += [
            _text(LABEL - 8, y + 16, code, "end"),
            _bar(y, whole, "#9bbbe0"),
            _bar(y, alone, DARK_HEX),
            _text(LABEL + whole + 6, y + 16, f"{overlap.listed[code]} ({overlap.only[code]})"),
        ]
    return parts


def _matrix(overlap: Overlap, top: int) -> list[str]:
    """Draw the pairwise overlaps as a shaded table (share of the smaller list)."""
    parts = []
    for j, code in enumerate(overlap.members):
        # column labels slanted, so long codes (CRIMEASOS) do not run into each other
        x, y = LABEL + j * CELL + CELL / 2, top - 6
        parts.append(
            f'<text x="{x:.0f}" y="{y}" transform="rotate(-30 {x:.0f} {y})" fill="#222">'
            f"{escape(code)}</text>"
        )
    for i, a in enumerate(overlap.members):
        y = top + i * CELL
        parts.append(_text(LABEL - 8, y + CELL / 2 + 5, a, "end"))
        for j, b in enumerate(overlap.members):
            both = overlap.pair(a, b)
            smaller = min(overlap.listed[a], overlap.listed[b]) or 1
            share = 1.0 if a == b and both else both / smaller
            x = LABEL + j * CELL
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" '
                f'fill="{_shade(share)}"><title>{escape(f"{a} & {b}: {both}")}</title></rect>'
            )
            ink = "#fff" if share > 0.55 else "#222"
            parts.append(_text(x + CELL / 2 - 1, y + CELL / 2 + 4, both, "middle", ink))
    return parts


def overlap_svg(overlap: Overlap, *, title: str = "", legend: str = "") -> str:
    """Return the overlap as a standalone SVG: bars per member, then the pairwise table."""
    n = len(overlap.members)
    bars_top = 40
    matrix_top = bars_top + n * ROW + 84
    width = max(LABEL + BAR + 120, LABEL + n * CELL + 20)
    height = matrix_top + n * CELL + 20
    body = [
        _text(10, 22, title or f"{overlap.month}: {overlap.total}"),
        _text(LABEL, bars_top + n * ROW + 18, legend),
        *_bars(overlap, bars_top),
        *_matrix(overlap, matrix_top),
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" role="img">'
        f"<title>{escape(title or overlap.month)}</title>" + "".join(body) + "</svg>"
    )

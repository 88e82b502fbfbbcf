"""The dashboard's charts as SVG drawn on the server: no script, readable in print.

Every bar carries its number as text (a printed page has no tooltips) and links to the
list it counts. Colours step from dark to light so that they stay apart in grey print.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from repatriation.dashboard import Cell, Figure, Line

__all__ = ["figure_svg"]

DARK, LIGHT = "#1f4e89", "#a9c4e4"
STEPS = ("#0b2f5b", "#1f5fa8", "#4f8bd0", "#8fb6e3", "#cfe0f3", "#eeeeee")
LABEL, BAR, ROW, TOP = 230, 420, 22, 34
Link = Callable[[Cell], str]
Text = Callable[[Line], str]


def _t(x: float, y: float, text: object, anchor: str = "start", fill: str = "#111",
       extra: str = "") -> str:
    return (f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" fill="{fill}"{extra}>'
            f"{escape(str(text))}</text>")


def _rect(x: float, y: float, w: float, h: float, fill: str, href: str, tip: str) -> str:
    return (f'<a href="{escape(href)}"><rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" '
            f'height="{h:.1f}" fill="{fill}" stroke="#333" stroke-width="0.4">'
            f"<title>{escape(tip)}</title></rect></a>")


def _svg(width: int, height: int, title: str, body: Sequence[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" '
            f'role="img" class="chart"><title>{escape(title)}</title>{"".join(body)}</svg>')


def _legend(names: Sequence[str], colours: Sequence[str], y: float) -> list[str]:
    parts, x = [], LABEL
    for name, colour in zip(names, colours, strict=False):
        parts += [f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}" '
                  'stroke="#333" stroke-width="0.4"/>', _t(x + 16, y, name)]
        x += 22 + 7 * len(name)
    return parts


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def bars(figure: Figure, title: str, names: Sequence[str], text: Text, link: Link) -> str:
    """Horizontal bars; with two columns the second (all) is drawn behind the first (held)."""
    pairs = len(figure.columns) == 2
    most = max((_number(c.value) for li in figure.lines for c in li.cells), default=0) or 1
    body = []
    for i, line in enumerate(figure.lines):
        y = TOP + i * ROW
        body.append(_t(LABEL - 8, y + 15, _short(text(line)), "end"))
        drawn = line.cells[:2] if pairs else line.cells[:1]
        for cell, colour in reversed(list(zip(drawn, (DARK, LIGHT), strict=False))):
            body.append(_rect(LABEL, y + 3, BAR * _number(cell.value) / most, ROW - 6, colour,
                              link(cell), f"{text(line)}: {cell.value}"))
        end = BAR * max(_number(c.value) for c in drawn) / most
        body.append(_t(LABEL + end + 6, y + 15, " / ".join(str(c.value) for c in drawn)))
    height = TOP + len(figure.lines) * ROW + 10
    legend = _legend(names, (DARK, LIGHT), 18) if pairs else []
    return _svg(LABEL + BAR + 110, height, title, [*legend, *body])


def columns(figure: Figure, title: str, names: Sequence[str], text: Text, link: Link) -> str:
    """Vertical bars per line (a month), the columns side by side."""
    n, width, chart_h, left = len(figure.lines), 30, 180, 40
    most = max((_number(c.value) for li in figure.lines for c in li.cells), default=0) or 1
    colours, body = (DARK, LIGHT), []
    base = TOP + chart_h
    for i, line in enumerate(figure.lines):
        x = left + i * width
        for j, cell in enumerate(line.cells[:2]):
            h = chart_h * _number(cell.value) / most
            body.append(_rect(x + j * 12, base - h, 11, h, colours[j], link(cell),
                              f"{text(line)}: {names[j]} {cell.value}"))
            if cell.value:
                body.append(_t(x + j * 12 + 5, base - h - 3, cell.value, "middle",
                               extra=' font-size="9"'))
        body.append(_t(x + 10, base + 12, text(line), "end",
                       extra=f' font-size="10" transform="rotate(-60 {x + 10} {base + 12})"'))
    legend = _legend(names, colours, 18)
    body.insert(0, f'<line x1="{left}" y1="{base}" x2="{left + n * width}" y2="{base}" '
                   'stroke="#333"/>')
    return _svg(max(left + n * width + 20, LABEL + 300), base + 80, title, [*legend, *body])


def stacked(figure: Figure, title: str, names: Sequence[str], text: Text, link: Link) -> str:
    """Horizontal bars split into the columns after the first two (time held bands)."""
    parts = range(2, len(figure.columns))
    most = max((sum(_number(li.cells[k].value) for k in parts) for li in figure.lines),
               default=0) or 1
    body = []
    for i, line in enumerate(figure.lines):
        y, x = TOP + 8 + i * ROW, float(LABEL)
        body.append(_t(LABEL - 8, y + 15, _short(text(line)), "end"))
        for j, k in enumerate(parts):
            cell = line.cells[k]
            w = BAR * _number(cell.value) / most
            body.append(_rect(x, y + 3, w, ROW - 6, STEPS[j % len(STEPS)], link(cell),
                              f"{text(line)}: {names[j]} {cell.value}"))
            if cell.value and w > 18:
                ink = "#fff" if j < 3 else "#111"
                body.append(_t(x + w / 2, y + 15, cell.value, "middle", ink))
            x += w
    legend = _legend(names, STEPS, 18)
    return _svg(LABEL + BAR + 40, TOP + 8 + len(figure.lines) * ROW + 10, title,
                [*legend, *body])


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


DRAW = {"bars": bars, "columns": columns, "stacked": stacked}


def figure_svg(figure: Figure, title: str, names: Sequence[str], text: Text, link: Link) -> str:
    """Draw a figure as its chart kind; `names` are the series (column) names in order."""
    return DRAW[figure.chart](figure, title, names, text, link)

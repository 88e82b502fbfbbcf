"""The charts are well-formed SVG, draw every number as text and link every bar to its list."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from repatriation.charts import figure_svg
from repatriation.dashboard import Cell, Figure, Line

SVG = "{http://www.w3.org/2000/svg}"


def _line(key, *values):
    return Line(key, None, tuple(Cell(v, (("k", f"{key}-{i}"),)) for i, v in enumerate(values)))


FIGURES = {
    "bars": Figure("f", ("held", "all"), (_line("A & <B>", 3, 5), _line("C", 0, 2)), "bars"),
    "columns": Figure("f", ("detentions", "releases"),
                      (_line("2025-01", 4, 0), _line("2025-02", 1, 3)), "columns"),
    "stacked": Figure("f", ("persons", "median_years", "b1", "b2"),
                      (_line("cat", 5, 2.5, 2, 3), _line("all", 5, 2.5, 2, 3)), "stacked"),
}


@pytest.mark.parametrize("kind", sorted(FIGURES))
def test_a_chart_is_svg_with_a_link_and_a_number_for_every_bar(kind):
    figure = FIGURES[kind]
    names = ["one", "two"]
    svg = figure_svg(figure, "Title & co", names, lambda line: line.key,
                     lambda cell: "/list?" + "&".join(f"{k}={v}" for k, v in cell.filters))
    root = ET.fromstring(svg)  # well-formed: every text is escaped
    assert root.tag == f"{SVG}svg"
    assert "script" not in svg
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    drawn = [c for li in figure.lines
             for c in (li.cells[2:] if kind == "stacked" else li.cells[:2])]
    assert len(links) == len(drawn)
    assert set(links) == {"/list?k=" + dict(c.filters)["k"] for c in drawn}
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert {"one", "two"} <= texts  # the legend
    if kind == "bars":
        assert {"A & <B>", "3 / 5", "0 / 2"} <= texts
    else:
        assert {str(c.value) for c in drawn if c.value} <= texts

"""Overlap of the members' lists: counts per member, only-this-member, pairs, the SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from exchange.reports.overlap import compute_overlap, overlap_svg
from tests.reports.conftest import M1, M2


@pytest.fixture
def lists(registry, person):
    """ZMINA lists a, b, c; CHRG lists b, c; MIHR lists c and d; d is also in a rolled-back list."""
    a, b, c, d = (person(x) for x in "abcd")
    for p in (a, b, c):
        registry.record(p, "ZMINA", M2, f"z{p.id}")
    for p in (b, c):
        registry.record(p, "CHRG", M2, f"c{p.id}")
    registry.record(c, "MIHR", M2, "m1")
    registry.record(c, "MIHR", M2, "m2")  # a duplicate row inside one list counts once
    registry.record(d, "MIHR", M2, "m3")
    registry.record(d, "UHHRU", M2, "u1")
    registry.roll_back("UHHRU", M2)
    registry.record(a, "CCL", M1, "earlier")
    return a, b, c, d


def test_counts_per_member_only_and_pairs(session, lists) -> None:
    overlap = compute_overlap(session, M2)
    assert overlap.total == 4
    assert (overlap.listed["ZMINA"], overlap.listed["CHRG"], overlap.listed["MIHR"]) == (3, 2, 2)
    assert overlap.listed["UHHRU"] == 0
    assert overlap.listed["CCL"] == 0  # its list is of another month
    assert (overlap.only["ZMINA"], overlap.only["CHRG"], overlap.only["MIHR"]) == (1, 0, 1)
    assert overlap.pair("ZMINA", "CHRG") == overlap.pair("CHRG", "ZMINA") == 2
    assert overlap.pair("ZMINA", "MIHR") == 1
    assert overlap.pair("CHRG", "MIHR") == 1
    assert overlap.pair("ZMINA", "ZMINA") == 3
    assert set(overlap.members) >= {"ARPPK", "CCL", "CHRG", "CRIMEASOS", "MIHR", "PRPP"}


def test_svg_is_well_formed_and_self_contained(session, lists) -> None:
    svg = overlap_svg(compute_overlap(session, M2), title="<b>2025-02</b> & co")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<b>2025-02</b> & co" in texts  # escaped, not markup
    assert "ZMINA" in texts
    assert "3 (1)" in texts  # ZMINA's bar: listed (only ZMINA)
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "style=" not in svg  # the pages' CSP forbids inline styles
    assert "<script" not in svg

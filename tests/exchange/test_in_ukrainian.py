"""The reader of Ukrainian pages used by the slow page tests: it must see what a person sees."""

import pytest

from tests.exchange.in_ukrainian import problems, visible_text


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Амністія за ненасильницькі злочини</p>", []),
        ("<td>non_violent_amnesty</td>", ["code 'non_violent_amnesty'"]),
        ("<td>excluded:war_crimes</td>", ["code 'excluded:war_crimes'"]),
        ("<td>Регіон: UA-43</td>", ["code 'UA-43'"]),
        ("<th>date_of_birth</th>", ["code 'date_of_birth'"]),
        ("<td>committed</td><td>rolled_back</td>", ["code 'committed'", "code 'rolled_back'"]),
        ('<option value="transfer">Передача Україні</option>', []),  # a value is not shown
        ('<span title="legal_status">Статус</span>', ["code 'legal_status'"]),
        ('<input type="hidden" name="group" value="missing:legal_status">', []),
        ("<p>Rules are tried in this order</p>",
         ["English 'are' in 'Rules are tried in this order'"]),
        ('<table translate="no"><tr><td>Date of birth</td><td>civilian</td></tr></table>', []),
        ('<p translate="no">exchanged <b>with</b> family</p><p>civilian</p>', ["code 'civilian'"]),
        ("<script>var status = 'non_violent_amnesty';</script>", []),
        ("<p>Ihnatenko, CHRG:CHRG-0012, file_2025-01.xlsx, user1@example.org</p>", []),
    ],
)
def test_problems_a_ukrainian_reader_would_meet(html, expected):
    assert problems(html) == expected


def test_visible_text_keeps_attributes_a_reader_sees():
    assert visible_text('<p>Так</p><button aria-label="Позначити"></button>') == "Так\nПозначити"

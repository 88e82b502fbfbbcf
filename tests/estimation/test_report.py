"""The month's capture histories from the database, the estimate per stratum, the workbook."""

from __future__ import annotations

import io

import openpyxl
import pytest
from flask_babel import force_locale

from exchange.audit import Actor, acting_as
from exchange.estimation.histories import month_histories
from exchange.estimation.mse import Estimate
from exchange.estimation.report import estimate_month
from exchange.estimation.workbook import write_estimate
from tests.estimation.conftest import MONTH, ORGS


def test_histories_hold_the_held_persons_and_follow_merges(session, month) -> None:
    histories = month_histories(session, MONTH)
    assert histories.lists == ORGS
    assert len(histories.persons) == month.held
    assert histories.not_held == 1
    assert histories.unlinked == 0


def test_a_merged_person_counts_once_with_both_lists(session, month) -> None:
    ids = {p.person_id: p.lists for p in month_histories(session, MONTH).persons}
    keep, gone = sorted(ids)[1:3]
    merged = next(p for p in month.persons if p.id == gone)
    with acting_as(session, Actor(label="test")):
        merged.merged_into_id = keep  # records left on the merged row still count for `keep`
        session.commit()
    after = {p.person_id: p.lists for p in month_histories(session, MONTH).persons}
    assert gone not in after
    assert after[keep] == ids[keep] | ids[gone]


@pytest.mark.parametrize(("by", "keys"), [("region", {"UA-43", "UA-14"}), ("sex", {"M", "F"})])
def test_strata_are_estimated_one_by_one(session, month, by, keys) -> None:
    report = estimate_month(session, MONTH, by, with_sensitivity=False)
    assert {s.key for s in report.strata} == keys
    assert sum(s.persons for s in report.strata) == report.overall.persons
    assert all(isinstance(s.outcome, Estimate) for s in report.strata)


def test_estimate_covers_the_sampled_population(session, month) -> None:
    outcome = estimate_month(session, MONTH, with_sensitivity=False).overall.outcome
    assert isinstance(outcome, Estimate)
    assert outcome.lower <= 299 <= outcome.upper  # 300 sampled, one of them released


def test_workbook_reads_back_with_names_not_codes(app, session, month) -> None:
    report = estimate_month(session, MONTH, "region")
    buffer = io.BytesIO()
    with app.test_request_context(), force_locale("uk"):
        write_estimate(report, buffer)
    buffer.seek(0)
    wb = openpyxl.load_workbook(buffer)
    assert wb.sheetnames == ["оцінка", "поєднання списків", "моделі", "чутливість", "метод"]
    rows = list(wb["оцінка"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Осіб", "Осіб у списку", "Оцінка")
    assert wb["оцінка"].oddHeader.left.text.startswith(
        f"Оцінка кількості утримуваних · {MONTH} · ")
    labels = [r[0] for r in rows[1:]]
    assert labels[0] == "Усі утримувані особи"
    assert "Донецька область" in labels
    assert "UA-14" not in labels
    assert rows[1][1] == report.overall.persons
    assert rows[1][3] <= rows[1][2] <= rows[1][4]
    patterns = list(wb["поєднання списків"].iter_rows(values_only=True))
    assert patterns[0][:4] == ORGS
    assert sum(r[-1] for r in patterns[1:]) == report.overall.persons
    variants = [r[0] for r in wb["чутливість"].iter_rows(min_row=2, values_only=True)]
    assert len(variants) == 5

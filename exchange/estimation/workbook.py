"""Write a month's estimate to XLSX: estimates, capture patterns, models, sensitivity, method."""

from __future__ import annotations

import math
from pathlib import Path
from typing import IO

from flask_babel import gettext as _
from openpyxl import Workbook

from exchange.estimation.mse import Estimate
from exchange.estimation.report import MonthEstimate, Stratum
from exchange.estimation.texts import VARIANTS, model_label, reason_text, stratum_label
from exchange.workbooks import write_sheet

FIGURES = (
    "Persons listed / Осіб у списках",
    "Estimate / Оцінка",
    "Lower 95% / Нижня межа 95%",
    "Upper 95% / Верхня межа 95%",
    "Missed by every list / Не знайдені жодним списком",
    "Missed, lower / Не знайдені, нижня межа",
    "Missed, upper / Не знайдені, верхня межа",
)
CHECK = (
    "Latent-class check / Перевірка латентними класами",
    "Check lower / Нижня межа перевірки",
    "Check upper / Верхня межа перевірки",
)
REASON = "No estimate because / Оцінки немає, бо"


def _figures(outcome: object, persons: int) -> list[object]:
    if not isinstance(outcome, Estimate):
        return [persons, None, None, None, None, None, None]
    return [persons, round(outcome.total), math.floor(outcome.lower), math.ceil(outcome.upper),
            round(outcome.missing), max(0, math.floor(outcome.missing_lower)),
            math.ceil(outcome.missing_upper)]


def _check(outcome: object) -> list[object]:
    if not isinstance(outcome, Estimate) or outcome.check is None:
        return [None, None, None]
    c = outcome.check
    return [round(c.total), math.floor(c.lower), math.ceil(c.upper)]


def _reason(outcome: object) -> str | None:
    return None if isinstance(outcome, Estimate) else reason_text(outcome)  # type: ignore[arg-type]


def _stratum_row(stratum: Stratum, by: str | None) -> list[object]:
    return [stratum_label(by, stratum.key), *_figures(stratum.outcome, stratum.persons),
            *_check(stratum.outcome), _reason(stratum.outcome)]


def write_estimate(report: MonthEstimate, out: str | Path | IO[bytes]) -> None:
    """Write the report to an XLSX file (or a binary stream)."""
    wb = Workbook(write_only=True)
    header = ["Persons / Особи", *FIGURES, *CHECK, REASON]
    rows = [_stratum_row(report.overall, None)]
    rows += [_stratum_row(s, report.by) for s in report.strata]
    write_sheet(wb, "estimate", header, rows, widths=[34] + [14] * 10 + [60])
    table = report.overall.table
    write_sheet(wb, "capture patterns", [*table.lists, "Persons / Осіб"],
                ([*("x" if on else "" for on in bits), n] for bits, n in table.rows()))
    outcome = report.overall.outcome
    if isinstance(outcome, Estimate):
        write_sheet(
            wb, "models",
            ["Model terms / Члени моделі", "Parameters / Параметрів", "AIC", "Δ AIC",
             "Weight / Вага", "Estimate / Оцінка"],
            ([model_label(c.fit.terms, outcome.table.lists), c.fit.params, round(c.criterion, 2),
              round(c.delta, 2), round(c.weight, 3), round(c.fit.total)]
             for c in outcome.candidates),
            widths=[60, 12, 12, 10, 10, 12],
        )
    write_sheet(
        wb, "sensitivity",
        ["Linkage / Зв'язування", *FIGURES[:4], REASON],
        ([str(VARIANTS[v.code]), *_figures(v.outcome, v.persons)[:4], _reason(v.outcome)]
         for v in report.variants),
        widths=[60, 14, 14, 14, 14, 60],
    )
    write_sheet(wb, "method", ["Method / Метод"], ([line] for line in method_lines()),
                widths=[120])
    wb.save(out if not isinstance(out, str) else Path(out))


def method_lines() -> list[str]:
    """Return the assumptions and the method, one sentence a line, in the reader's language."""
    return [
        _("Assumption: the number held did not change during the month (closed population)."),
        _("Assumption: the records were linked correctly: one person is one row, and two "
          "persons are never one row. The sensitivity table shows how much this matters."),
        _("Assumption: the way lists depend on each other is captured by the models' terms "
          "(pairs of lists that share sources, and persons who are easier to find)."),
        _("Method: log-linear models of the capture patterns (Poisson GLMs), chosen by AIC "
          "and averaged with Akaike weights; the interval (95%) comes from the models' "
          "profile likelihoods, averaged by tail areas."),
        _("Check: a Bayesian latent-class model (as in HRDAG's LCMCR) in which persons differ "
          "in how easy they are to find, with its credible interval (95%)."),
    ]

"""Write a month's estimate to XLSX: estimates, capture patterns, models, sensitivity, method.

Everything is in the language of the current locale (the caller forces it for the command
line); every sheet prints with the document's title, the month and its state.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import IO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook

from exchange.estimation.mse import Estimate
from exchange.estimation.report import MonthEstimate, Stratum
from exchange.estimation.texts import VARIANTS, model_label, reason_text, stratum_label
from exchange.labels import current_language
from exchange.workbooks import PrintTitle, document_title, saved_workbook, write_sheet

FIGURES = (
    _l("Persons listed"),
    _l("Estimate"),
    _l("Lower 95%"),
    _l("Upper 95%"),
    _l("Missed by every list"),
    _l("Missed, lower"),
    _l("Missed, upper"),
)
CHECK = (_l("Latent-class check"), _l("Check lower"), _l("Check upper"))
REASON = _l("No estimate because")


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


def write_estimate(report: MonthEstimate, out: str | Path | IO[bytes], *,
                   published: bool | None = None) -> None:
    """Write the report to an XLSX file (or a binary stream) in the current locale."""
    language = current_language()
    title = document_title("estimate", language, month=report.month, published=published)
    with saved_workbook(out) as wb:
        _sheets(wb, report, title)


def _texts(*texts: object) -> list[str]:
    return [str(text) for text in texts]


def _sheets(wb: Workbook, report: MonthEstimate, title: PrintTitle) -> None:
    def add(name: str, header: list[str], rows, widths=None) -> None:  # type: ignore[no-untyped-def]
        write_sheet(wb, name, header, rows, widths=widths,
                    print_title=PrintTitle(f"{title.text} · {name}", title.language))

    header = _texts(_("Persons"), *FIGURES, *CHECK, REASON)
    rows = [_stratum_row(report.overall, None)]
    rows += [_stratum_row(s, report.by) for s in report.strata]
    add(_("estimate"), header, rows, widths=[34] + [14] * 10 + [60])
    table = report.overall.table
    add(_("capture patterns"), [*table.lists, _("Persons")],
        ([*("x" if on else "" for on in bits), n] for bits, n in table.rows()))
    outcome = report.overall.outcome
    if isinstance(outcome, Estimate):
        add(_("models"),
            _texts(_("Model terms"), _("Parameters"), "AIC", "Δ AIC", _("Weight"), _("Estimate")),
            ([model_label(c.fit.terms, outcome.table.lists), c.fit.params, round(c.criterion, 2),
              round(c.delta, 2), round(c.weight, 3), round(c.fit.total)]
             for c in outcome.candidates),
            widths=[60, 12, 12, 10, 10, 12])
    add(_("sensitivity"), _texts(_("Linkage"), *FIGURES[:4], REASON),
        ([str(VARIANTS[v.code]), *_figures(v.outcome, v.persons)[:4], _reason(v.outcome)]
         for v in report.variants),
        widths=[60, 14, 14, 14, 14, 60])
    add(_("method"), [_("Method")], ([line] for line in method_lines()), widths=[120])


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

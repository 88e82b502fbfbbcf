"""The estimate page: how many persons held no member lists, with how sure we can be."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from exchange import navigation
from exchange.domain.months import is_published
from exchange.domain.pending import pending_records
from exchange.downloads import send_xlsx
from exchange.estimation.histories import STRATA
from exchange.estimation.mse import Estimate
from exchange.estimation.report import estimate_month
from exchange.estimation.texts import (
    STRATUM_NAMES,
    VARIANTS,
    model_label,
    reason_text,
    stratum_label,
)
from exchange.estimation.workbook import method_lines, write_estimate
from exchange.extensions import db
from exchange.labels import current_language
from exchange.reports.queries import imported_months

bp = Blueprint("estimation", __name__, url_prefix="/estimate")

navigation.add("estimation.index", _l("How many are missing"), order=60)



def _choice() -> tuple[list[str], str | None, str | None]:
    """Read month and stratum; 404 for a month never imported or an unknown stratum."""
    months = list(db.session.scalars(imported_months()))
    month = request.args.get("month") or (months[0] if months else None)
    if month is not None and month not in months:
        abort(404)
    by = request.args.get("by") or None
    if by is not None and by not in STRATA:
        abort(404)
    return months, month, by


@bp.get("/")
def index() -> str:
    """The month's estimate, per stratum when asked, and the linkage sensitivity on request."""
    months, month, by = _choice()
    sensitivity = request.args.get("sensitivity") == "1"
    report = estimate_month(db.session, month, by, with_sensitivity=sensitivity) if month else None
    waiting = (db.session.scalar(pending_records(month).with_only_columns(func.count()))
               if month else 0)
    return render_template(
        "estimation/index.html",
        months=months, month=month, by=by, report=report, sensitivity=sensitivity,
        waiting=waiting,
        strata=STRATA, stratum_names=STRATUM_NAMES, variants=VARIANTS,
        is_estimate=lambda outcome: isinstance(outcome, Estimate),
        reason_text=reason_text, model_label=model_label, stratum_label=stratum_label,
        method=method_lines(),
    )


@bp.get("/estimate.xlsx")
def workbook() -> Response:
    """The same as a workbook, with the sensitivity table."""
    months, month, by = _choice()
    if month is None:
        abort(404)
    report = estimate_month(db.session, month, by)
    published = is_published(db.session, month)
    return send_xlsx(lambda out: write_estimate(report, out, published=published),
                     f"estimate-{month}.xlsx", what="estimate", filters=dict(request.args),
                     kept=(month, by, current_language()))

"""Report pages: the joint list of a month, the changes between two months, the overlap."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from exchange import navigation
from exchange.domain.pending import pending_with_candidates
from exchange.extensions import db
from exchange.reports.changes import STATUS_KINDS, compute_changes
from exchange.reports.changes_xlsx import write_changes
from exchange.reports.joint_list import (
    CHECKS,
    joint_list_rows,
    narrow,
    published_snapshot,
    write_joint_list,
)
from exchange.reports.overlap import compute_overlap, overlap_svg
from exchange.reports.queries import imported_months, unlinked_records

bp = Blueprint("reports", __name__, url_prefix="/reports")

navigation.add("reports.joint_list", _l("Joint list"), order=15)
navigation.add("reports.changes", _l("Changes"), order=16)
navigation.add("reports.overlap", _l("Overlap"), order=17)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_PER_KIND = 500  # the page shows this many of each kind; the file has them all


@dataclass(frozen=True)
class Page:
    """One page of an already computed list, shaped like Flask-SQLAlchemy's pagination."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate(rows: list[Any], page: int, per_page: int) -> Page:
    """Return the page of `rows` (a page past the end shows the last one)."""
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    return Page(rows[start : start + per_page], page, per_page, len(rows))


def _months() -> list[str]:
    return list(db.session.scalars(imported_months()))


def _month(arg: str, months: list[str], default: int = 0) -> str | None:
    """Return the month asked for, or a default; 404 for a month that was never imported."""
    month = request.args.get(arg)
    if month:
        if month not in months:
            abort(404)
        return month
    return months[default] if len(months) > default else None


def _xlsx(write: Any, name: str) -> Response:
    buffer = io.BytesIO()
    write(buffer)
    buffer.seek(0)
    return send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=name)


@bp.get("/joint-list")
def joint_list() -> str:
    """The joint list of a month, page by page."""
    months = _months()
    month = _month("month", months)
    rows = joint_list_rows(db.session, month) if month else []
    filters = _joint_filters(rows)
    shown = narrow(rows, **filters)
    page = paginate(shown, request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"])
    frozen = bool(month) and published_snapshot(db.session, month) is not None
    unlinked = db.session.scalar(unlinked_records(month)) if month and not frozen else 0
    pending = pending_with_candidates(db.session, month) if month and not frozen else []
    return render_template(
        "reports/joint_list.html",
        pending=pending,
        months=months,
        month=month,
        page=page,
        total=len(rows),
        unlinked=unlinked,
        frozen=frozen,
        filters=filters,
        members=sorted({m for r in rows for m in r.members}),
        categories=sorted({r.category for r in rows if r.category}),
        checks=CHECKS,
    )


def _joint_filters(rows: list[Any]) -> dict[str, str | None]:
    """Read the joint list's filters; a value the list does not have is ignored."""
    member = request.args.get("member") or None
    category = request.args.get("category") or None
    check = request.args.get("check") or None
    return {
        "member": member if any(member in r.members for r in rows) else None,
        "category": category if any(category == r.category for r in rows) else None,
        "check": check if check in CHECKS else None,
    }


@bp.get("/joint-list.xlsx")
def joint_list_xlsx() -> Response:
    months = _months()
    month = _month("month", months) or abort(404)
    rows = joint_list_rows(db.session, month)
    pending = pending_with_candidates(db.session, month)
    return _xlsx(
        lambda out: write_joint_list(rows, out, month, pending), f"joint-list-{month}.xlsx"
    )


def _month_pair(months: list[str]) -> tuple[str | None, str | None]:
    later = _month("to", months)
    earlier = _month("from", months, default=1)
    if earlier and later and earlier >= later:
        return None, later
    return earlier, later


@bp.get("/changes")
def changes() -> str:
    """What changed between two months (the two latest by default)."""
    months = _months()
    earlier, later = _month_pair(months)
    report = compute_changes(db.session, earlier, later) if earlier and later else None
    return render_template(
        "reports/changes.html",
        months=months,
        earlier=earlier,
        later=later,
        report=report,
        status_kinds=STATUS_KINDS,
        shown=SHOWN_PER_KIND,
        wrong_order=bool(request.args.get("from")) and earlier is None,
    )


@bp.get("/changes.xlsx")
def changes_xlsx() -> Response:
    months = _months()
    earlier, later = _month_pair(months)
    if not (earlier and later):
        abort(404)
    report = compute_changes(db.session, earlier, later)
    return _xlsx(lambda out: write_changes(report, out), f"changes-{earlier}-{later}.xlsx")


@bp.get("/overlap")
def overlap() -> str:
    """How many persons each member lists, alone and together with each other member."""
    months = _months()
    month = _month("month", months)
    result = compute_overlap(db.session, month) if month else None
    return render_template("reports/overlap.html", months=months, month=month, overlap=result)


@bp.get("/overlap.svg")
def overlap_picture() -> Response:
    months = _months()
    month = _month("month", months) or abort(404)
    result = compute_overlap(db.session, month)
    title = _("%(month)s: %(total)d persons listed", month=month, total=result.total)
    legend = _("Bars: persons listed (darker: listed by this member only). Table: listed by both.")
    svg = overlap_svg(result, title=title, legend=legend)
    return Response(svg, mimetype="image/svg+xml")

"""Report pages: the joint list of a month, the changes between two months, the overlap."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from exchange import navigation
from exchange.auth.access import audience, visible_refs
from exchange.domain.months import is_published
from exchange.domain.pending import pending_with_candidates
from exchange.downloads import send_xlsx
from exchange.extensions import db
from exchange.labels import current_language
from exchange.models import User
from exchange.pagination import paginate
from exchange.reports.changes import STATUS_KINDS, compute_changes
from exchange.reports.changes_xlsx import write_changes
from exchange.reports.joint_list import (
    CHECKS,
    joint_list_rows,
    narrow,
    write_joint_list,
)
from exchange.reports.overlap import compute_overlap, overlap_svg
from exchange.reports.queries import imported_months, unlinked_records
from exchange.reports.redaction import changes_for, joint_rows_for

bp = Blueprint("reports", __name__, url_prefix="/reports")

navigation.add("reports.joint_list", _l("Joint list"), order=30, group="lists")
navigation.add("reports.changes", _l("Changes"), order=31, group="lists")
navigation.add("reports.overlap", _l("Overlap"), order=32, group="lists")

# The lists of the changes page, one shown at a time, page by page.
CHANGE_LISTS = ("new", "no_longer_listed", "pending", "status_changes", "changed", "conflicts",
                "noted")


def _user() -> User:
    return current_user._get_current_object()


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


def _xlsx(write: Any, name: str, what: str, *kept: object) -> Response:
    """Send a report's workbook, written once per state, reader's language and audience."""
    return send_xlsx(write, name, what=what, filters=dict(request.args),
                     kept=(*kept, current_language(), audience(_user())))


@bp.get("/joint-list")
def joint_list() -> str:
    """The joint list of a month, page by page."""
    months = _months()
    month = _month("month", months)
    rows = joint_list_rows(db.session, month) if month else []
    filters = _joint_filters(rows)
    shown = narrow(rows, **filters)
    page = paginate(shown, request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"])
    page = replace(page, items=joint_rows_for(_user(), page.items))  # the page's rows only
    frozen = bool(month) and is_published(db.session, month)
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
    """The month's joint list as a workbook in the reader's language."""
    months = _months()
    month = _month("month", months) or abort(404)
    published = is_published(db.session, month)

    def write(out: Any) -> int:
        user = _user()
        rows = joint_rows_for(user, joint_list_rows(db.session, month))
        pending = pending_with_candidates(db.session, month)
        return write_joint_list(rows, out, month, pending, language=current_language(),
                                published=published, refs=lambda ref: visible_refs(user, ref))

    return _xlsx(write, f"joint-list-{month}.xlsx", "joint_list", month)


def _month_pair(months: list[str]) -> tuple[str | None, str | None]:
    later = _month("to", months)
    earlier = _month("from", months, default=1)
    if earlier and later and earlier >= later:
        return None, later
    return earlier, later


@bp.get("/changes")
def changes() -> str:
    """What changed between two months (the two latest by default): one list, page by page."""
    months = _months()
    earlier, later = _month_pair(months)
    report = (changes_for(_user(), compute_changes(db.session, earlier, later))
              if earlier and later else None)
    shown = request.args.get("list")
    shown = shown if shown in CHANGE_LISTS else CHANGE_LISTS[0]
    page = None
    if report is not None:
        page = paginate(getattr(report, shown), request.args.get("page", 1, type=int),
                        current_app.config["PAGE_SIZE"])
    return render_template(
        "reports/changes.html",
        months=months,
        earlier=earlier,
        later=later,
        report=report,
        status_kinds=STATUS_KINDS,
        lists=CHANGE_LISTS,
        shown=shown,
        page=page,
        wrong_order=bool(request.args.get("from")) and earlier is None,
    )


@bp.get("/changes.xlsx")
def changes_xlsx() -> Response:
    months = _months()
    earlier, later = _month_pair(months)
    if not (earlier and later):
        abort(404)

    def write(out: Any) -> object:
        report = changes_for(_user(), compute_changes(db.session, earlier, later))
        return write_changes(report, out, language=current_language())

    return _xlsx(write, f"changes-{earlier}-{later}.xlsx", "changes", earlier, later)


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

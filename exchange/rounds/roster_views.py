"""Roster pages: the categories with their mechanisms, one roster page by page, coverage."""

from __future__ import annotations

from collections import Counter
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from exchange.auth.access import roles_required
from exchange.extensions import db
from exchange.labels import region_names
from exchange.models import Organisation, Person, Round
from exchange.rounds import queries
from exchange.rounds.blueprint import (
    ROUND_EDITORS,
    actor,
    bp,
    can_edit,
    export_options,
    priority_shown,
    refusal,
    xlsx_download,
)
from exchange.rounds.coverage import coverage, refused_not_again
from exchange.rounds.errors import RoundError
from exchange.rounds.export import export_roster
from exchange.rounds.forms import AddForm
from exchange.rounds.operations import add_persons
from exchange.rounds.roster import Filters, page_of, roster_rows, roster_select
from exchange.rounds.states import is_editable
from exchange.rounds.tables import categories_in_order, mechanism, priority_groups

SHOWN_REFUSED = 200


def _category(category: str) -> str:
    if category not in categories_in_order():
        abort(404)
    return category


def _filters() -> Filters:
    """Read the roster filters; a value the registry does not know is ignored."""
    member = request.args.get("member", type=int)
    group = request.args.get("group") or None
    region = (request.args.get("region") or "").strip() or None
    return Filters(
        region=region,
        member=member if member and db.session.get(Organisation, member) else None,
        group=group if group in {g.key for g in priority_groups()} and priority_shown(group)
        else None,
        free=request.args.get("free") == "1",
    )


def _user():
    return current_user._get_current_object()


@bp.get("/rosters")
def rosters() -> str:
    """The categories, each with its mechanism and the number of persons still held."""
    counts = Counter(dict(db.session.execute(
        queries.roster_counts(_user())).all()))
    return render_template("rounds/rosters.html", categories=categories_in_order(),
                           counts=counts, mechanism=mechanism)


def _target_rounds(category: str) -> list[Round]:
    """Rounds this roster's persons can be added to: open for changes, covering the category."""
    return [r for r in db.session.scalars(queries.rounds_list())
            if is_editable(r.state) and category in r.categories]


@bp.get("/rosters/<category>")
def roster_page(category: str) -> str:
    """One category's roster in priority order, page by page, with filters."""
    category = _category(category)
    filters = _filters()
    page = page_of(db.session, roster_select(category, date.today(), filters, _user()),
                   request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"])
    rows = roster_rows(db.session, page.items)
    holders = dict(db.session.execute(
        queries.holding_entries([r.person_id for r in rows])).all())
    form = AddForm()
    form.round_id.choices = [(r.id, r.name) for r in _target_rounds(category)]
    return render_template(
        "rounds/roster.html", category=category, mechanism=mechanism(category), page=page,
        rows=rows, start=(page.page - 1) * page.per_page, holders=holders, filters=filters,
        groups=priority_groups(), members=db.session.scalars(
            db.select(Organisation).order_by(Organisation.code)).all(),
        form=form, editable=can_edit(), regions=region_names())


@bp.post("/rosters/<category>/add")
@roles_required(*ROUND_EDITORS)
def add_to_round(category: str) -> Response:
    """Add everyone the filters show, or the persons ticked, to a round."""
    category = _category(category)
    form = AddForm()
    form.round_id.choices = [(r.id, r.name) for r in _target_rounds(category)]
    back = redirect(url_for("rounds.roster_page", category=category, **request.args))
    if not form.validate_on_submit():
        flash(_("Choose a round that is still open for changes."), "error")
        return back
    chosen = [int(p) for p in request.form.getlist("person") if p.isdigit()]
    if form.selection.data == "chosen" and not chosen:
        flash(_("Tick at least one person."), "error")
        return back
    try:
        result = add_persons(db.session, form.round_id.data, actor=actor(), today=date.today(),
                             person_ids=chosen if form.selection.data == "chosen" else None,
                             filters=_filters(), categories=[category])
    except RoundError as exc:
        db.session.rollback()
        flash(refusal(exc), "error")
        return back
    flash(_("%(added)d added; %(already)d were on the round already; %(taken)d skipped: on "
            "another open round.", added=len(result.added), already=len(result.already),
            taken=len(result.taken)), "ok")
    return redirect(url_for("rounds.round_page", round_id=form.round_id.data))


@bp.get("/rosters/<category>.xlsx")
def roster_xlsx(category: str) -> Response:
    """The roster as a workbook; `wide=1` leaves out health, charges and the rule."""
    category = _category(category)
    filters = _filters()
    options = export_options(russian=request.args.get("russian") == "1")
    return xlsx_download(lambda out: export_roster(
        db.session, [category], out, options=options, today=date.today(),
        region=filters.region, member=filters.member, user=_user()),
        f"roster-{category}-{date.today().isoformat()}.xlsx", what=f"roster:{category}")


@bp.get("/coverage")
def coverage_page() -> str:
    """Who is on no open round, and who was refused and not put forward again."""
    gaps = coverage(db.session, _user())
    refused = db.session.execute(refused_not_again(_user()).limit(SHOWN_REFUSED)).all()
    persons = {p.id: p for p in db.session.scalars(
        db.select(Person).where(Person.id.in_([r[0] for r in refused])))}
    return render_template("rounds/coverage.html", gaps=gaps, categories=categories_in_order(),
                           refused=refused, persons=persons, shown=SHOWN_REFUSED)

"""The picture of all persons: the dashboard, the lists behind its numbers, flags, checklists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from exchange import navigation
from exchange.audit import Actor
from exchange.auth.access import REVIEWERS, roles_required, visible_refs
from exchange.downloads import send_xlsx
from exchange.extensions import db
from exchange.labels import current_language, label
from exchange.models import FlagKind, Organisation, Person, RepatriationFlag, Stage
from exchange.models.person import name_sort_text
from exchange.pagination import paginate
from repatriation import queries
from repatriation.charts import figure_svg
from repatriation.dashboard import Cell, Dashboard, Figure, compute_dashboard
from repatriation.dashboard_xlsx import line_label, write_dashboard
from repatriation.events import current_stage
from repatriation.flags import FlagRefused, resolve_flag
from repatriation.forms import ResolveForm
from repatriation.picture import FACETS, matches, picture, picture_by_name
from repatriation.rehabilitation import (
    OPEN_STAGES,
    ChecklistRow,
    open_rows,
    person_checklist,
    rows_for,
)

bp = Blueprint("repatriation", __name__, url_prefix="/repatriation")

navigation.add("repatriation.dashboard", _l("Overview"), order=10, group="road")
navigation.add("repatriation.flags", _l("Flags to check"), order=11, group="road")
navigation.add("repatriation.rehabilitation", _l("Rehabilitation still open"), order=12,
               group="road")



def _scope() -> int | None:
    return queries.scope_of(current_user)


@bp.app_template_global()
def visible_ref(text: str | None) -> str | None:
    """Return `ORG:record` references as the signed-in user may see them (access rules)."""
    return visible_refs(current_user, text.replace(",", ";") if text else text)


def cell_url(cell: Cell) -> str:
    """Return the address of the list a number counts."""
    return url_for(cell.endpoint, **dict(cell.filters))


def _chart(figure: Figure) -> Markup:
    if figure.chart == "columns":  # the months only: "earlier" would dwarf them (see the table)
        figure = replace(figure, lines=tuple(li for li in figure.lines if li.vocabulary is None))
    stacked = figure.chart == "stacked"
    names = [label("dashboard_column", c) for c in (figure.columns[2:] if stacked else
                                                   figure.columns)]
    svg = figure_svg(figure, label("dashboard_figure", figure.key), names, line_label, cell_url)
    return Markup(svg)  # noqa: S704 - built by charts.py, every text escaped there


def _dashboard() -> Dashboard:
    return compute_dashboard(db.session, as_of=dt.date.today(), organisation_id=_scope())


@dataclass(frozen=True)
class Road:
    """What the registry's person page shows of the road home."""

    stage: Stage | None
    open_flags: list[RepatriationFlag]
    open_items: list[ChecklistRow]


@bp.app_template_global()
def road_home(person: Person) -> Road:
    """Return the person's stage, open flags and open rehabilitation steps."""
    stage = current_stage(person)
    flags = list(db.session.scalars(queries.flags(person_id=person.id)))
    items = open_rows(person_checklist(db.session, person.id)) if stage in OPEN_STAGES else []
    return Road(stage, flags, items)


@bp.get("/")
def dashboard() -> str:
    """Counts and charts of where every person stands."""
    board = _dashboard()
    charts = {f.key: _chart(f) for f in board.figures}
    return render_template("repatriation/dashboard.html", board=board, charts=charts,
                           cell_url=cell_url, line_label=line_label)


@bp.get("/dashboard.xlsx")
def dashboard_xlsx() -> Response:
    board = _dashboard()
    scope = _scope()
    organisation = db.session.get(Organisation, scope) if scope is not None else None
    code = organisation.code if organisation else None
    return send_xlsx(lambda out: write_dashboard(board, out, language=current_language(),
                                                 scope=code),
                     f"dashboard-{board.as_of.isoformat()}.xlsx", what="dashboard",
                     filters={**request.args, "organisation": code},
                     kept=(board.as_of, scope, current_language()))


def _filters() -> dict[str, str]:
    return {k: v for k, v in request.args.items() if k in FACETS and v}


@bp.get("/persons")
def persons() -> str:
    """The persons a number of the dashboard counts."""
    filters = _filters()
    rows = [r for r in picture_by_name(db.session, as_of=dt.date.today(),
                                       organisation_id=_scope()) if matches(r, filters)]
    page = paginate(rows, request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"])
    return render_template("repatriation/persons.html", page=page, filters=filters,
                           total=len(rows))


@bp.get("/flags")
def flags() -> str:
    """Persons the lists leave in doubt: members disagree, dropped while held, ..."""
    kind = request.args.get("kind") if request.args.get("kind") in set(FlagKind) else None
    show_all = request.args.get("all") == "1"
    stmt = queries.flags(open_only=not show_all, kind=kind, organisation_id=_scope())
    page = db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("repatriation/flags.html", page=page, kind=kind, show_all=show_all,
                           form=ResolveForm())


@bp.post("/flags/<int:flag_id>/resolve")
@roles_required(*REVIEWERS)
def resolve(flag_id: int) -> Response:
    flag = db.get_or_404(RepatriationFlag, flag_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        flash(_("Say what was found."), "error")
    else:
        try:
            resolve_flag(db.session, flag, form.resolution.data, Actor.for_user(current_user))
        except FlagRefused as exc:
            flash(str(exc), "error")
        else:
            flash(_("Flag resolved."), "ok")
    return redirect(request.form.get("next") or url_for(".flags"))


@bp.get("/rehabilitation")
def rehabilitation() -> str:
    """Persons back in Ukraine with rehabilitation steps still open, and which."""
    rows = [r for r in picture(db.session, as_of=dt.date.today(), organisation_id=_scope())
            if r.stage in {s.value for s in OPEN_STAGES}]
    items = {}
    for item in db.session.scalars(queries.checklist_of(r.person_id for r in rows)):
        items.setdefault(item.person_id, []).append(item)
    lacking = [(r, open_rows(rows_for(items.get(r.person_id, [])))) for r in rows]
    lacking = [(r, o) for r, o in lacking if o]
    lacking.sort(key=lambda ro: name_sort_text(ro[0].surname, ro[0].given_name, ro[0].patronymic))
    return render_template("repatriation/rehabilitation.html", lacking=lacking)


def visible_or_404(person_id: int) -> None:
    """Stop with 404 when a member editor's organisation never listed the person."""
    if not queries.visible_person(db.session, person_id, _scope()):
        abort(404)

"""Registry pages: the list with search and paging, a person, a source record, edits."""

from __future__ import annotations

from dataclasses import replace

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload
from werkzeug.wrappers import Response

from exchange import navigation
from exchange.audit import Actor, record_view
from exchange.auth.access import REVIEWERS, can_see_organisation, roles_required
from exchange.classification.util import classification_of_many
from exchange.computed import remember
from exchange.domain.records import registry_persons
from exchange.extensions import db
from exchange.labels import current_language, region_names
from exchange.models import Person, SourceRecord
from exchange.pagination import paginate
from exchange.registry import filters, queries
from exchange.registry.forms import PersonEditForm
from exchange.registry.history import history_lines
from exchange.registry.operations import EditConflict, edit_person
from matching.spelling import sort_key
from repatriation.dates import BadDate
from repatriation.events import EventRefused
from repatriation.machine import TransitionRefused

ROAD_REFUSALS = (TransitionRefused, EventRefused, BadDate)

bp = Blueprint("registry", __name__)
navigation.add("registry.index", _l("Registry of detainees"), order=10)


@bp.route("/", methods=["GET", "POST"])
def index() -> str | Response:
    user = current_user._get_current_object()
    members = [o.code for o in db.session.scalars(queries.organisations())]
    if request.method == "POST":
        # A name never goes into an address (addresses end up in access logs and browser
        # history): the search is kept in the signed session, the address says only `search=1`.
        session["search"] = request.form.get("q", "").strip()[:200]
        chosen = filters.read_filters(request.form, user, members).args()
        return redirect(url_for("registry.index", search=1, **chosen))
    search = session.get("search", "") if request.args.get("search") == "1" else ""
    chosen = filters.read_filters(request.args, user, members)
    keep_order = bool(search) and "sort" not in request.args
    language = current_language()

    def ordered_ids() -> list[int]:
        stmt = filters.apply(registry_persons(search, db.session), chosen, language,
                             keep_order=keep_order)
        return list(db.session.scalars(stmt.with_only_columns(Person.id)))

    # The filtered, ordered list of ids is kept per registry state (exchange.computed):
    # sorting 15,000 persons by a derived value costs a few hundred ms, paging a list none.
    key = ("registry", search, tuple(sorted(chosen.args().items())), language, keep_order)
    ids = remember(db.session, key, ordered_ids)
    page = paginate(ids, request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"])
    found = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.id.in_(page.items)).options(
            defer(Person.field_provenance), selectinload(Person.detentions)))}
    page = replace(page, items=[found[pid] for pid in page.items if pid in found])
    rows = _rows(page.items)
    return render_template("registry/index.html", page=page, rows=rows, search=search,
                           filters=chosen, members=members, statuses=filters.STATUSES,
                           regions=sorted(region_names().items(),
                                          key=lambda item: sort_key(item[1])))


def _rows(persons: list[Person]) -> list[dict]:
    """Return what a registry row shows of each person: members, last listing, category."""
    ids = [p.id for p in persons]
    listed: dict[int, list[str]] = {}
    last: dict[int, str] = {}
    for person_id, code, _first, latest in db.session.execute(queries.listings(ids)):
        listed.setdefault(person_id, []).append(code)
        last[person_id] = max(last.get(person_id, ""), latest)
    results = {c.person_id: c for c in db.session.scalars(classification_of_many(ids))}
    return [{"person": p, "members": listed.get(p.id, []), "last_listed": last.get(p.id),
             "classification": results.get(p.id)} for p in persons]


@bp.get("/persons/<int:person_id>")
def person(person_id: int) -> str | Response:
    person = db.get_or_404(Person, person_id)
    if person.merged_into_id is not None:
        return redirect(url_for("registry.person", person_id=person.merged_into_id))
    user = current_user._get_current_object()
    records = db.session.scalars(queries.visible_source_records(user, person_id)).all()
    entries = db.session.scalars(queries.person_history(person_id).limit(200)).all()
    writers = {e.user_id for e in entries if e.user_id}
    roles = dict(db.session.execute(queries.roles_of(writers)).all())
    members = {o.code: o for o in db.session.scalars(queries.organisations())}
    listed = [(members[code], first, last) for _id, code, first, last
              in db.session.execute(queries.listings([person_id]))]
    page = render_template("registry/person.html", person=person, records=records,
                           history=history_lines(entries, user, roles), listed=listed)
    record_view(db.session, Actor.for_user(user), object_type="person", object_id=person_id,
                person_id=person_id)
    return page


@bp.get("/records/<int:record_id>")
def source_record(record_id: int) -> str:
    record = db.session.get(SourceRecord, record_id)
    if record is None or not can_see_organisation(current_user, record.organisation_id):
        abort(404)  # 404, not 403: a member editor must not learn that the record exists
    page = render_template("registry/record.html", record=record)
    record_view(db.session, Actor.for_user(current_user), object_type="source_record",
                object_id=record_id, person_id=record.person_id)
    return page


@bp.route("/persons/<int:person_id>/edit", methods=["GET", "POST"])
@roles_required(*REVIEWERS)
def edit(person_id: int) -> str | Response:
    person = db.get_or_404(Person, person_id)
    form = PersonEditForm(obj=person if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(person.version)
        form.release_status.data = person.release_status.value if person.release_status else ""
    if form.validate_on_submit():
        changes = {name: getattr(form, name).data for name in PersonEditForm.EDITABLE}
        try:
            changed = edit_person(
                db.session,
                person,
                changes,
                actor=Actor.for_user(current_user),
                reason=form.reason.data,
                expected_version=int(form.version.data or 0),
            )
        except EditConflict as exc:
            flash(str(exc), "error")
        except ROAD_REFUSALS as exc:  # a release status the road home does not allow
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(_("Saved: %(n)d field(s) changed.", n=len(changed)), "ok")
            return redirect(url_for("registry.person", person_id=person.id))
    return render_template("registry/edit.html", person=person, form=form)

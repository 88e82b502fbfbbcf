"""Registry pages: the list with search and paging, a person, a source record, edits."""

from __future__ import annotations

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
from flask_login import current_user
from sqlalchemy.orm import defer, selectinload
from werkzeug.wrappers import Response

from exchange.audit import Actor, record_view
from exchange.auth.access import REVIEWERS, can_see_organisation, roles_required
from exchange.classification.util import filter_by_classification
from exchange.domain.records import registry_persons
from exchange.extensions import db
from exchange.models import Person, SourceRecord
from exchange.registry import queries
from exchange.registry.forms import PersonEditForm
from exchange.registry.operations import EditConflict, edit_person
from repatriation.dates import BadDate
from repatriation.events import EventRefused
from repatriation.machine import TransitionRefused

ROAD_REFUSALS = (TransitionRefused, EventRefused, BadDate)

bp = Blueprint("registry", __name__)


FILTERS = ("category", "eligibility", "provisional")


@bp.route("/", methods=["GET", "POST"])
def index() -> str | Response:
    if request.method == "POST":
        # A name never goes into an address (addresses end up in access logs and browser
        # history): the search is kept in the signed session, the address says only `search=1`.
        session["search"] = request.form.get("q", "").strip()[:200]
        chosen = {k: v for k in FILTERS if (v := request.form.get(k))}
        return redirect(url_for("registry.index", search=1, **chosen))
    search = session.get("search", "") if request.args.get("search") == "1" else ""
    stmt = filter_by_classification(
        registry_persons(search),
        category=request.args.get("category") or None,
        eligibility=request.args.get("eligibility") or None,
        provisional=request.args.get("provisional") or None,
    )
    # the list shows how many records each person has: their ids only, in one query
    stmt = stmt.options(defer(Person.field_provenance),
                        selectinload(Person.source_records).load_only(SourceRecord.id))
    page = db.paginate(
        stmt,
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("registry/index.html", page=page, search=search)



@bp.get("/persons/<int:person_id>")
def person(person_id: int) -> str | Response:
    person = db.get_or_404(Person, person_id)
    if person.merged_into_id is not None:
        return redirect(url_for("registry.person", person_id=person.merged_into_id))
    user = current_user._get_current_object()
    records = db.session.scalars(queries.visible_source_records(user, person_id)).all()
    history = db.session.scalars(queries.person_history(person_id).limit(200)).all()
    page = render_template("registry/person.html", person=person, records=records,
                           history=history)
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

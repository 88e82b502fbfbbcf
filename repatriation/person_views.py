"""One person's road home: the timeline page and the coordinator's entries on it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from exchange.audit import Actor
from exchange.auth.access import REVIEWERS, roles_required
from exchange.extensions import db
from exchange.models import EventSource, Person, Stage, StatusEvent
from repatriation import queries
from repatriation.criteria import CriteriaCheck, criteria_check, on_latest_joint_list
from repatriation.dates import BadDate
from repatriation.events import (
    EventRefused,
    correct_event,
    current_event,
    current_stage,
    live_events,
    record_event,
)
from repatriation.forms import ChecklistForm, CorrectionForm, EventForm, stage_choices
from repatriation.machine import TransitionRefused, allowed_next, group_of
from repatriation.rehabilitation import ChecklistRefused, person_checklist, update_item
from repatriation.timeline import person_timeline
from repatriation.views import visible_or_404

bp = Blueprint("road", __name__, url_prefix="/repatriation")

REFUSALS = (TransitionRefused, EventRefused, ChecklistRefused, BadDate)


def _person(person_id: int) -> Person:
    visible_or_404(person_id)
    return db.get_or_404(Person, person_id)


def _forms(person: Person) -> tuple[EventForm, CorrectionForm | None]:
    event_form = EventForm(prefix="event")
    event_form.stage.choices = stage_choices(allowed_next(current_stage(person)))
    live = live_events(person)
    if not live:
        return event_form, None
    correction = CorrectionForm(prefix="fix")
    before = live[-2].stage if len(live) > 1 else None
    back = [before] if before is not None else []  # the wrong event simply retracted
    correction.stage.choices = stage_choices(back + allowed_next(before))
    return event_form, correction


def _criteria(person: Person) -> CriteriaCheck:
    listed = on_latest_joint_list(db.session, person.id)
    override = queries.eligibility_override(db.session, person.id)
    eligibility = queries.effective_eligibility(db.session, person)
    return criteria_check(person, eligibility, on_joint_list=listed, override=override)


@bp.get("/persons/<int:person_id>")
def timeline(person_id: int) -> str | Response:
    """Detention, events, list months, rounds and rehabilitation of one person."""
    person = _person(person_id)
    if person.merged_into_id is not None:
        return redirect(url_for(".timeline", person_id=person.merged_into_id))
    event_form, correction = _forms(person)
    current = current_event(person)
    return render_template(
        "repatriation/timeline.html", person=person, current=current,
        group=group_of(current.stage) if current else None,
        entries=person_timeline(db.session, person, queries.scope_of(current_user)),
        criteria=_criteria(person), checklist=person_checklist(db.session, person.id),
        event_form=event_form, correction=correction, checklist_form=ChecklistForm,
    )


@bp.post("/persons/<int:person_id>/events")
@roles_required(*REVIEWERS)
def record(person_id: int) -> Response:
    person = _person(person_id)
    form, _fix = _forms(person)
    if not form.validate_on_submit():
        flash(_("Choose a stage and give the evidence."), "error")
        return redirect(url_for(".timeline", person_id=person.id))
    try:
        record_event(
            db.session, person, Stage(form.stage.data), occurred_on=form.occurred_on.data,
            source_kind=EventSource.COORDINATOR, source_ref=form.source_ref.data,
            evidence=form.evidence.data, actor=Actor.for_user(current_user),
        )
    except REFUSALS as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("Event recorded."), "ok")
    return redirect(url_for(".timeline", person_id=person.id))


@bp.post("/events/<int:event_id>/correct")
@roles_required(*REVIEWERS)
def correct(event_id: int) -> Response:
    event = db.get_or_404(StatusEvent, event_id)
    person = _person(event.person_id)
    _form, form = _forms(person)
    if form is None or not form.validate_on_submit():
        flash(_("Choose the stage instead and say why the event was wrong."), "error")
        return redirect(url_for(".timeline", person_id=person.id))
    try:
        correct_event(db.session, event, stage=Stage(form.stage.data),
                      occurred_on=form.occurred_on.data, evidence=form.evidence.data,
                      actor=Actor.for_user(current_user))
    except REFUSALS as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("Event corrected: the wrong one is voided and kept."), "ok")
    return redirect(url_for(".timeline", person_id=person.id))


@bp.post("/persons/<int:person_id>/checklist/<item>")
@roles_required(*REVIEWERS)
def checklist_item(person_id: int, item: str) -> Response:
    person = _person(person_id)
    form = ChecklistForm(prefix=item)
    if not form.validate_on_submit():
        flash(_("Check the status, date and currency of the step."), "error")
        return redirect(url_for(".timeline", person_id=person.id, _anchor="checklist"))
    try:
        update_item(db.session, person, item, status=form.status.data,
                    status_on=form.status_on.data, amount=form.amount.data,
                    currency=form.currency.data, note=form.note.data,
                    actor=Actor.for_user(current_user))
    except REFUSALS as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("Rehabilitation step saved."), "ok")
    return redirect(url_for(".timeline", person_id=person.id, _anchor="checklist"))

"""Pages of the monthly loop: months, review queue and pair page, conflicts, merge, split."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from exchange import navigation
from exchange.audit import Actor
from exchange.auth.access import REVIEWERS, roles_required, visible_provenance
from exchange.domain.charges import format_stored_charges
from exchange.domain.months import MonthError, check_month
from exchange.domain.records import person_records
from exchange.extensions import db
from exchange.models import Decision, LinkChange, Person, ReviewItem, ReviewStatus
from exchange.reconciliation import queries
from exchange.reconciliation.decisions import (
    DecisionRefused,
    decide_review,
    merge_persons,
    split_person,
    undo_link_change,
)
from exchange.reconciliation.forms import (
    DecisionForm,
    MergeForm,
    MonthActionForm,
    SplitForm,
    UndoForm,
)
from exchange.reconciliation.linking import reconcile_month
from exchange.reconciliation.publishing import publish_month

bp = Blueprint("reconciliation", __name__)
navigation.add("reconciliation.months", _l("Months"), roles=REVIEWERS, order=20)
navigation.add("reconciliation.review_queue", _l("Match review"), roles=REVIEWERS, order=21)
navigation.add("reconciliation.conflicts", _l("Conflicts"), order=40)

COMPARED = (
    "surname",
    "given_name",
    "patronymic",
    "sex",
    "date_of_birth",
    "place_of_birth",
    "citizenship",
    "residence_region",
    "release_status",
    "legal_status",
    "held_at",
    "charges",
)


def _actor() -> Actor:
    return Actor.for_user(current_user)


@bp.get("/months")
@roles_required(*REVIEWERS)
def months() -> str:
    return render_template(
        "reconciliation/months.html",
        months=queries.months_overview(db.session),
        form=MonthActionForm(),
    )


@bp.post("/months/<month>/reconcile")
@roles_required(*REVIEWERS)
def reconcile(month: str) -> Response:
    if MonthActionForm().validate_on_submit():
        try:
            summary = reconcile_month(db.session, check_month(month), _actor())
        except (MonthError, DecisionRefused) as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(
                _(
                    "%(month)s reconciled: %(n)d records, %(new)d new persons, %(open)d pairs "
                    "to review.",
                    month=month,
                    n=summary.records,
                    new=summary.new_persons,
                    open=summary.review_open,
                ),
                "ok",
            )
    return redirect(url_for("reconciliation.months"))


@bp.post("/months/<month>/publish")
@roles_required(*REVIEWERS)
def publish(month: str) -> Response:
    if MonthActionForm().validate_on_submit():
        try:
            count = publish_month(db.session, month, _actor())
        except MonthError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(
                _(
                    "%(month)s published: %(n)d persons on the joint list, now frozen.",
                    month=month,
                    n=count,
                ),
                "ok",
            )
    return redirect(url_for("reconciliation.months"))


@bp.get("/review")
@roles_required(*REVIEWERS)
def review_queue() -> str:
    month = request.args.get("month") or None
    page = db.paginate(
        queries.open_reviews(month), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    return render_template("reconciliation/queue.html", page=page, month=month)


# The engine's comparison behind each compared field, and its levels that mean "agree".
ENGINE_COMPARISON = {
    "surname": "surname",
    "given_name": "given_name",
    "patronymic": "patronymic",
    "date_of_birth": "date_of_birth",
    "sex": "sex",
    "residence_region": "region",
    "place_of_birth": "place_of_birth",
}
AGREEING_LEVELS = {"exact", "equivalent", "same"}


def _engine_levels(item: ReviewItem) -> dict[str, str]:
    return {c.get("comparison"): c.get("level") for c in item.explanation or []}


def _comparison(item: ReviewItem) -> list[dict]:
    record_values = item.record.values or {}
    levels = _engine_levels(item)
    person = item.candidate
    rows = []
    for field in COMPARED:
        left = record_values.get(field)
        if field == "charges":
            right = format_stored_charges(person.charges) or None
        elif field == "held_at":
            right = person.current_detention.held_at if person.current_detention else None
        else:
            value = getattr(person, field)
            right = getattr(value, "value", value)
        level = levels.get(ENGINE_COMPARISON.get(field, ""))
        if left in (None, "") or right in (None, ""):
            state = "missing"
        elif str(left).casefold() == str(right).casefold():
            state = "agree"
        else:  # spelt differently: the engine may still see one name across scripts
            state = "equivalent" if level in AGREEING_LEVELS else "conflict"
        rows.append(
            {"field": field, "record": left, "person": right, "state": state, "level": level}
        )
    return rows


@bp.route("/review/<int:item_id>", methods=["GET", "POST"])
@roles_required(*REVIEWERS)
def review_item(item_id: int) -> str | Response:
    item = db.get_or_404(ReviewItem, item_id)
    form = DecisionForm()
    if form.validate_on_submit():
        decision = (
            Decision.SAME
            if form.same.data
            else Decision.DIFFERENT
            if form.different.data
            else Decision.UNSURE
        )
        try:
            decide_review(db.session, item, decision, _actor(), form.reason.data or None)
        except (DecisionRefused, MonthError) as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(_("Decision saved: %(d)s.", d=_(decision.value)), "ok")
            nxt = db.session.scalars(queries.open_reviews(item.list_month).limit(1)).first()
            if nxt is not None:
                return redirect(url_for("reconciliation.review_item", item_id=nxt.id))
            return redirect(url_for("reconciliation.review_queue"))
    following = db.session.scalars(
        queries.open_reviews(item.list_month).where(ReviewItem.id != item.id).limit(1)
    ).first()
    return render_template(
        "reconciliation/item.html",
        item=item,
        form=form,
        rows=_comparison(item),
        candidate_records=person_records(db.session, item.candidate_person_id),
        next_item=following,
        decided=item.status is not ReviewStatus.OPEN,
    )


@bp.get("/conflicts")
def conflicts() -> str:
    """The persons on whom members disagree, page by page."""
    page = db.paginate(queries.conflicted_persons(), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    user = current_user._get_current_object()
    persons = []
    for person in page.items:  # only the disputed fields' sources: the others are not shown
        fields = queries.conflicts_of(person)
        disputed = {f: (person.field_provenance or {}).get(f) for f in fields}
        persons.append((person, fields, visible_provenance(user, disputed)))
    return render_template("reconciliation/conflicts.html", persons=persons, page=page)


@bp.route("/persons/<int:person_id>/links", methods=["GET", "POST"])
@roles_required(*REVIEWERS)
def person_links(person_id: int) -> str | Response:
    person = db.get_or_404(Person, person_id)
    merge_form, split_form = MergeForm(prefix="merge"), SplitForm(prefix="split")
    try:
        if merge_form.submit.data and merge_form.validate_on_submit():
            other = db.get_or_404(Person, merge_form.other_person.data)
            merge_persons(db.session, person, other, _actor(), merge_form.reason.data)
            flash(_("Merged."), "ok")
            return redirect(url_for("registry.person", person_id=person.id))
        if split_form.submit.data and split_form.validate_on_submit():
            ids = [int(v) for v in request.form.getlist("record") if v.isdigit()]
            change = split_person(db.session, person, ids, _actor(), split_form.reason.data)
            flash(_("Split off as a new person."), "ok")
            return redirect(url_for("registry.person", person_id=change.other_person_id))
    except (DecisionRefused, MonthError) as exc:
        db.session.rollback()
        flash(str(exc), "error")
    changes = db.session.scalars(queries.link_changes_of(person.id)).all()
    return render_template(
        "reconciliation/links.html",
        person=person,
        merge_form=merge_form,
        split_form=split_form,
        undo_form=UndoForm(prefix="undo"),
        records=person_records(db.session, person.id),
        changes=changes,
    )


@bp.post("/link-changes/<int:change_id>/undo")
@roles_required(*REVIEWERS)
def undo(change_id: int) -> Response:
    change = db.get_or_404(LinkChange, change_id)
    form = UndoForm(prefix="undo")
    if form.validate_on_submit():
        try:
            undo_link_change(db.session, change, _actor(), form.reason.data)
        except (DecisionRefused, MonthError) as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(_("Undone."), "ok")
    else:
        flash(_("Undoing needs a written reason."), "error")
    return redirect(url_for("reconciliation.person_links", person_id=change.person_id))

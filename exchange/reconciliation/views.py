"""Pages of the monthly loop: months, review queue and pair page, conflicts, merge, split."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from exchange import navigation
from exchange.audit import Actor
from exchange.auth.access import REVIEWERS, roles_required, visible_provenance
from exchange.computed import remember
from exchange.domain.identity import RecordConflict, group_conflicts
from exchange.domain.months import MonthError, check_month
from exchange.domain.records import person_records
from exchange.extensions import db
from exchange.models import Decision, LinkChange, Person, ReviewItem, SourceRecord
from exchange.pagination import paginate
from exchange.reconciliation import queries
from exchange.reconciliation.decisions import (
    DecisionRefused,
    JoinRefused,
    merge_persons,
    split_person,
    undo_link_change,
)
from exchange.reconciliation.forms import (
    DecisionForm,
    MergeForm,
    MonthActionForm,
    RecordDecisionForm,
    SplitForm,
    UndoForm,
)
from exchange.reconciliation.linking import reconcile_month
from exchange.reconciliation.publishing import publish_month
from exchange.reconciliation.questions import question
from exchange.reconciliation.review_decisions import decide_choice, decide_review

bp = Blueprint("reconciliation", __name__)
bp.add_app_template_filter(group_conflicts, "conflict_groups")
navigation.add("reconciliation.months", _l("Months"), roles=REVIEWERS, order=20,
               group="lists")
navigation.add("reconciliation.review_queue", _l("Match review"), roles=REVIEWERS, order=21,
               group="lists")
navigation.add("reconciliation.conflicts", _l("Conflicts"), order=40, group="lists")

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
        queries.open_questions(month), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    candidates = queries.candidates_of(db.session, [r.id for r in page.items])
    return render_template(
        "reconciliation/queue.html", page=page, month=month, candidates=candidates
    )


@bp.route("/review/<int:item_id>", methods=["GET", "POST"])
@roles_required(*REVIEWERS)
def review_item(item_id: int) -> Response:
    """One candidate of a record: its page is the record's; a decision on it alone."""
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
        return _decided(
            item.record,
            lambda: decide_review(db.session, item, decision, _actor(), form.reason.data or None),
        )
    return redirect(url_for("reconciliation.review_record", record_id=item.source_record_id))


def _decided(record: SourceRecord, decide: Callable[[], object]) -> Response:
    """Apply a decision; on success go to the next question, else back with the reason."""
    month = request.args.get("month") or None
    try:
        decide()
    except JoinRefused as exc:
        db.session.rollback()
        flash(_("Refused: one person would hold conflicting facts (listed below)."), "error")
        return make_response(_record_page(record, month, refused=exc.conflicts), 409)
    except (DecisionRefused, MonthError) as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("Decision saved."), "ok")
        nxt = db.session.scalars(queries.open_questions(month).limit(1)).first()
        if nxt is not None:
            return redirect(url_for("reconciliation.review_record", record_id=nxt.id, month=month))
        return redirect(url_for("reconciliation.review_queue", month=month))
    return redirect(url_for("reconciliation.review_record", record_id=record.id, month=month))


def _record_page(
    record: SourceRecord, month: str | None, refused: Sequence[RecordConflict] = ()
) -> str:
    following = db.session.scalars(
        queries.open_questions(month).where(SourceRecord.id != record.id).limit(1)
    ).first()
    return render_template(
        "reconciliation/item.html",
        question=question(db.session, record),
        form=RecordDecisionForm(),
        month=month,
        next_record=following,
        refused=list(refused),
    )


@bp.route("/review/record/<int:record_id>", methods=["GET", "POST"])
@roles_required(*REVIEWERS)
def review_record(record_id: int) -> str | Response:
    """A record's question: every candidate, and what choosing each would join."""
    record = db.get_or_404(SourceRecord, record_id)
    form = RecordDecisionForm()
    if form.validate_on_submit():
        choice = request.form.get("choice", "")
        return _decided(
            record,
            lambda: decide_choice(db.session, record, choice, _actor(), form.reason.data or None),
        )
    return _record_page(record, request.args.get("month") or None)


@bp.get("/conflicts")
def conflicts() -> str:
    """The persons on whom members disagree, page by page."""
    # the ordered ids are kept per registry state (exchange.computed); a page loads its own
    ids = remember(db.session, ("conflicted_persons",), lambda: list(
        db.session.scalars(queries.conflicted_persons().with_only_columns(Person.id))))
    page = paginate(ids, request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"])
    found = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(page.items)))}
    page = replace(page, items=[found[pid] for pid in page.items if pid in found])
    user = current_user._get_current_object()
    persons = []
    for person in page.items:  # only the disputed fields' sources: the others are not shown
        fields = queries.conflicts_of(person)
        disputed = {f: (person.field_provenance or {}).get(f) for f in fields}
        persons.append((person, fields, visible_provenance(user, disputed)))
    return render_template(
        "reconciliation/conflicts.html", persons=persons, page=page,
        # records of every member: for reviewers only (access policy, see exchange.auth.access)
        identity=(
            queries.identity_conflicts(db.session) if current_user.role in REVIEWERS else None
        ),
    )


@bp.route("/persons/<int:person_id>/links", methods=["GET", "POST"])
@roles_required(*REVIEWERS)
def person_links(person_id: int) -> str | Response:
    person = db.get_or_404(Person, person_id)
    merge_form, split_form = MergeForm(prefix="merge"), SplitForm(prefix="split")
    refused: list[RecordConflict] = []
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
    except JoinRefused as exc:
        db.session.rollback()
        flash(_("Refused: one person would hold conflicting facts (listed below)."), "error")
        refused = exc.conflicts
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
        refused=refused,
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

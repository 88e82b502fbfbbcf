"""Round pages: the list and a new round, one round with its state, versions and actions.

Each view parses the request, calls one service and maps its refusal to a flashed message
in the reader's language. The roster pages are in `roster_views`, the other side's files
in `file_views`.
"""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from exchange import navigation
from exchange.auth.access import roles_required
from exchange.extensions import db
from exchange.models import FileKind, Person, Role, Round, RoundEntry
from exchange.rounds import file_views, operations, queries, roster_views  # noqa: F401 - they add their routes to bp
from exchange.rounds.blueprint import (
    ROUND_EDITORS,
    WHOLE_LIST_READERS,
    actor,
    bp,
    can_edit,
    export_options,
    refusal,
    xlsx_download,
)
from exchange.rounds.counterpart import balance
from exchange.rounds.errors import IdentityNotConfirmed, RoundError
from exchange.rounds.export import export_round
from exchange.rounds.forms import (
    CancelForm,
    CloseForm,
    CreateRoundForm,
    ExecuteForm,
    OutcomeForm,
    RemoveForm,
    SubmitForm,
    UploadForm,
)
from exchange.rounds.outcomes import set_outcome
from exchange.rounds.roster import page_of, roster_rows
from exchange.rounds.snapshot import diff_versions
from exchange.rounds.states import is_editable
from exchange.rounds.submission import current_records, submit_round, unconfirmed
from exchange.rounds.tables import round_types, transitions

navigation.add("rounds.index", _l("Rounds"), order=20, group="exchange")
navigation.add("rounds.rosters", _l("Rosters"), order=19, group="exchange")
navigation.add("rounds.coverage_page", _l("Coverage"), order=21, group="exchange")

__all__ = ["bp"]

# The vocabulary whose labels show a changed value (other fields are shown as written).
VALUE_VOCABULARY = {"category": "category", "priority_group": "priority_group",
                    "legal_status": "legal_status", "sex": "sex", "residence_region": "region"}


def _round(round_id: int) -> Round:
    return db.get_or_404(Round, round_id)


@bp.route("/", methods=["GET", "POST"])
def index() -> str | Response:
    """Every round, newest first; editors create a new one here."""
    form = CreateRoundForm()
    if request.method == "POST":
        if not can_edit():
            abort(403)
        if form.validate_on_submit():
            try:
                found = operations.create_round(
                    db.session, name=form.name.data, round_type=form.round_type.data,
                    categories=form.categories.data, planned_on=form.planned_on.data or None,
                    note=form.note.data, actor=actor())
            except RoundError as exc:
                db.session.rollback()
                flash(refusal(exc), "error")
            else:
                flash(_("Round created. Add persons from the rosters."), "ok")
                return redirect(url_for("rounds.round_page", round_id=found.id))
    rounds = db.session.scalars(queries.rounds_list()).all()
    return render_template("rounds/index.html", rounds=rounds, form=form, editable=can_edit())


def _visible_entries(found: Round):
    """Select the round's person ids this user may see (member editors: their own persons)."""
    stmt = queries.entry_person_ids(found.id)
    visible = queries.visible_to(current_user._get_current_object())
    return stmt if visible is None else stmt.where(
        RoundEntry.person_id.in_(db.select(Person.id).where(visible)))


@bp.get("/<int:round_id>")
def round_page(round_id: int) -> str:
    """A round: state, actions, versions, the other side, and its persons page by page."""
    found = _round(round_id)
    stmt = queries.ranked_persons(date.today()).where(Person.id.in_(_visible_entries(found)))
    page = page_of(db.session, stmt, request.args.get("page", 1, type=int),
                   current_app.config["PAGE_SIZE"])
    entries = {e.person_id: e for e in found.entries}
    return render_template(
        "rounds/round.html", round=found, page=page, rows=roster_rows(db.session, page.items),
        start=(page.page - 1) * page.per_page, entries=entries, editable=can_edit(),
        list_editable=can_edit() and is_editable(found.state),
        moves={to for (start, to) in transitions() if start == found.state},
        two_sides=round_types()[found.round_type].sides == 2,
        balance=balance(db.session, found), reply=db.session.scalar(
            queries.current_file(found.id, FileKind.REPLY)),
        forms={"execute": ExecuteForm(), "close": CloseForm(), "cancel": CancelForm(),
               "remove": RemoveForm(), "upload": UploadForm(), "outcome": OutcomeForm()},
        member_view=current_user.role is Role.MEMBER_EDITOR)


@bp.route("/<int:round_id>/submit", methods=["GET", "POST"])
@roles_required(*ROUND_EDITORS)
def submit(round_id: int) -> str | Response:
    """Send the list: every flagged person needs a tick that their identity was checked."""
    found = _round(round_id)
    form = SubmitForm()
    if form.validate_on_submit():
        chosen = [int(p) for p in request.form.getlist("confirm") if p.isdigit()]
        try:
            version = submit_round(db.session, found.id, actor=actor(), today=date.today(),
                                   confirmed=chosen)
        except IdentityNotConfirmed as exc:
            db.session.rollback()
            flash(_("%(n)d flagged person(s) are not ticked: check and tick each of them.",
                    n=len(exc.flagged)), "error")
        except RoundError as exc:
            db.session.rollback()
            flash(refusal(exc), "error")
            return redirect(url_for("rounds.round_page", round_id=found.id))
        else:
            flash(_("Version %(n)d is frozen as sent.", n=version.number), "ok")
            return redirect(url_for("rounds.round_page", round_id=found.id))
    records = current_records(db.session, found, date.today())
    flagged = unconfirmed(found, records)
    return render_template("rounds/submit.html", round=found, form=form, total=len(records),
                           flagged=[r for r in records if r["person_id"] in flagged])


def _act(round_id: int, form, run) -> Response:
    """Validate a form, run a service with it, flash the outcome, back to the round."""
    if form.validate_on_submit():
        try:
            message = run(form)
        except RoundError as exc:
            db.session.rollback()
            flash(refusal(exc), "error")
        else:
            flash(message, "ok")
    else:
        flash(_("Fill in the form: %(errors)s", errors="; ".join(
            str(e) for errors in form.errors.values() for e in errors)), "error")
    return redirect(url_for("rounds.round_page", round_id=round_id))


@bp.post("/<int:round_id>/execute")
@roles_required(*ROUND_EDITORS)
def execute(round_id: int) -> Response:
    def run(form: ExecuteForm) -> str:
        operations.execute_round(db.session, round_id, actor=actor(),
                                 executed_on=form.executed_on.data)
        return _("Recorded as carried out. Now record each person's outcome.")

    return _act(round_id, ExecuteForm(), run)


@bp.post("/<int:round_id>/close")
@roles_required(*ROUND_EDITORS)
def close(round_id: int) -> Response:
    def run(_form: CloseForm) -> str:
        operations.close_round(db.session, round_id, actor=actor())
        return _("The round is closed.")

    return _act(round_id, CloseForm(), run)


@bp.post("/<int:round_id>/cancel")
@roles_required(*ROUND_EDITORS)
def cancel(round_id: int) -> Response:
    def run(form: CancelForm) -> str:
        operations.cancel_round(db.session, round_id, actor=actor(), reason=form.reason.data)
        return _("The round is cancelled; its persons are free for other rounds.")

    return _act(round_id, CancelForm(), run)


@bp.post("/<int:round_id>/remove")
@roles_required(*ROUND_EDITORS)
def remove(round_id: int) -> Response:
    def run(form: RemoveForm) -> str:
        operations.remove_persons(db.session, round_id, [int(form.person_id.data)],
                                  actor=actor(), reason=form.reason.data)
        return _("The person is off the round.")

    return _act(round_id, RemoveForm(), run)


@bp.post("/<int:round_id>/outcome")
@roles_required(*ROUND_EDITORS)
def outcome(round_id: int) -> Response:
    def run(form: OutcomeForm) -> str:
        set_outcome(db.session, round_id, int(form.person_id.data), form.outcome.data,
                    actor=actor(), reason=form.reason.data,
                    occurred_on=form.occurred_on.data or None)
        return _("The outcome is recorded.")

    return _act(round_id, OutcomeForm(), run)


@bp.get("/<int:round_id>/diff")
@roles_required(*WHOLE_LIST_READERS)
def diff(round_id: int) -> str:
    """What changed between two versions of the list (the last two by default)."""
    found = _round(round_id)
    versions = {v.number: v for v in found.versions}
    later = request.args.get("to", type=int) or max(versions, default=0)
    earlier = request.args.get("from", type=int) or later - 1
    if earlier not in versions or later not in versions or earlier >= later:
        return render_template("rounds/diff.html", round=found, result=None, earlier=earlier,
                               later=later, versions=sorted(versions))
    result = diff_versions(versions[earlier].rows, versions[later].rows)
    return render_template("rounds/diff.html", round=found, result=result, earlier=earlier,
                           later=later, versions=sorted(versions), vocabulary=VALUE_VOCABULARY)


@bp.get("/<int:round_id>.xlsx")
@roles_required(*WHOLE_LIST_READERS)
def round_xlsx(round_id: int) -> Response:
    """The round as a workbook: a version as sent (`version=N`) or the list now."""
    found = _round(round_id)
    number = request.args.get("version", type=int)
    version = next((v for v in found.versions if v.number == number), None)
    if number is not None and version is None:
        abort(404)
    options = export_options(russian=True)
    suffix = f"-v{version.number}" if version else ""
    return xlsx_download(lambda out: export_round(db.session, found, out, options=options,
                                                  today=date.today(), version=version),
                         f"round-{found.id}{suffix}.xlsx", what=f"round:{found.id}")

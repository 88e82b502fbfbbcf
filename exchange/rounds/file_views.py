"""The other side's files on a round: its list, its verification reply, the outcomes; and
the review of reply rows the matching engine was not sure of."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from exchange.auth.access import roles_required
from exchange.extensions import db
from exchange.labels import label
from exchange.models import FileKind, MatchState, Person, Round, RoundFileRow
from exchange.rounds import queries
from exchange.rounds.blueprint import (
    ROUND_EDITORS,
    WHOLE_LIST_READERS,
    actor,
    bp,
    can_edit,
    refusal,
    with_upload,
)
from exchange.rounds.counterpart import import_counterpart
from exchange.rounds.errors import FileRefused, RoundError
from exchange.rounds.files import FileOptions
from exchange.rounds.forms import DecideRowForm, UploadForm
from exchange.rounds.outcomes import OUTCOME_COUNTS, import_outcomes
from exchange.rounds.replies import REPLY_COUNTS, import_reply, resolve_row

SHOWN_PROBLEMS = 10


def _counts(keys, counts, vocabulary: str) -> str:
    return ", ".join(f"{label(vocabulary, k) or k}: {counts.get(k, 0)}" for k in keys)


def _import(round_id: int, kind: str) -> str:
    """Run the import of one kind of file on the uploaded file; return the message."""
    upload = request.files.get("file")
    if kind == "reply":
        stored = with_upload(upload, lambda path, name: import_reply(
            db.session, round_id, path, actor=actor(), options=FileOptions(display_name=name)))
        return _("Reply read: %(counts)s.", counts=_counts(REPLY_COUNTS, stored.counts,
                                                             "reply_status"))
    if kind == "outcomes":
        counts = with_upload(upload, lambda path, name: import_outcomes(
            db.session, round_id, path, actor=actor(),
            options=FileOptions(display_name=name)))
        return _("Outcomes recorded: %(counts)s.", counts=_counts(OUTCOME_COUNTS, counts,
                                                                   "outcome"))
    stored = with_upload(upload, lambda path, name: import_counterpart(
        db.session, round_id, path, actor=actor(), display_name=name))
    return _("The other side's list is read: %(n)d persons.", n=len(stored.rows))


@bp.post("/<int:round_id>/files/<kind>")
@roles_required(*ROUND_EDITORS)
def upload(round_id: int, kind: str) -> Response:
    """Import a file of the other side: `counterpart`, `reply` or `outcomes`."""
    db.get_or_404(Round, round_id)
    if kind not in {k.value for k in FileKind} or not UploadForm().validate_on_submit():
        flash(_("Choose a file to import."), "error")
        return redirect(url_for("rounds.round_page", round_id=round_id))
    try:
        flash(_import(round_id, kind), "ok")
    except FileRefused as exc:
        db.session.rollback()
        flash(_("The file was refused; nothing was written."), "error")
        for problem in exc.problems[:SHOWN_PROBLEMS]:
            flash(str(problem), "error")
    except RoundError as exc:
        db.session.rollback()
        flash(refusal(exc), "error")
    target = "rounds.reply" if kind == "reply" else "rounds.round_page"
    return redirect(url_for(target, round_id=round_id))


@bp.get("/<int:round_id>/reply")
@roles_required(*WHOLE_LIST_READERS)
def reply(round_id: int) -> str:
    """The current reply: rows to decide first, then rows not on our list, then matched."""
    found = db.get_or_404(Round, round_id)
    stored = db.session.scalar(queries.current_file(found.id, FileKind.REPLY))
    rows = stored.rows if stored else []
    wanted = {r.candidate_person_id for r in rows if r.candidate_person_id}
    wanted |= {r.person_id for r in rows if r.person_id}
    persons = {p.id: p for p in db.session.scalars(
        db.select(Person).where(Person.id.in_(wanted)))} if wanted else {}
    groups = {state: [r for r in rows if r.match is state] for state in MatchState}
    return render_template("rounds/reply.html", round=found, file=stored, groups=groups,
                           persons=persons, form=DecideRowForm(), editable=can_edit(),
                           on_round={e.person_id for e in found.entries})


@bp.post("/<int:round_id>/reply/<int:row_id>")
@roles_required(*ROUND_EDITORS)
def decide_row(round_id: int, row_id: int) -> Response:
    """A negotiator decides who a reply row is: a person of the round, or no one of ours."""
    row = db.get_or_404(RoundFileRow, row_id)
    form = DecideRowForm()
    if row.file.round_id != round_id or not form.validate_on_submit():
        flash(_("Give a person ID of the round, or say the row is not ours."), "error")
        return redirect(url_for("rounds.reply", round_id=round_id))
    person = None if form.not_ours.data == "1" else form.person_id.data
    if person is None and form.not_ours.data != "1":
        flash(_("Give a person ID of the round, or say the row is not ours."), "error")
        return redirect(url_for("rounds.reply", round_id=round_id))
    try:
        resolve_row(db.session, row.id, person, actor=actor())
    except RoundError as exc:
        db.session.rollback()
        flash(refusal(exc), "error")
    else:
        flash(_("Row %(n)d is decided.", n=row.row_number), "ok")
    return redirect(url_for("rounds.reply", round_id=round_id))

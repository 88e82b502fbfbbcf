"""Import pages: upload a list, check it (dry run), fix the mapping, commit; batches, rollback."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from exchange import navigation
from exchange.audit import Actor
from exchange.auth.access import EDITORS, can_edit_organisation, roles_required
from exchange.extensions import db
from exchange.importing import CANONICAL_COLUMNS, operations, uploads
from exchange.importing.forms import (
    AUTO,
    CommitForm,
    ForgetForm,
    RollbackForm,
    UploadForm,
    mapping_form,
    value_form,
    value_key,
)
from exchange.importing.labels import SOURCES, SURENESS, column_label, value_label
from exchange.importing.mappings import (
    forget_mapping,
    forget_value_mapping,
    save_mapping,
    save_value_mapping,
)
from exchange.importing.problems import group_problems
from exchange.importing.safety import Limits
from exchange.importing.value_maps import checked_value
from exchange.labels import current_language
from exchange.models import ImportBatch, Organisation, SavedHeaderMapping, SavedValueMapping
from exchange.models.enums import Role

bp = Blueprint("importing", __name__, url_prefix="/import")


@bp.app_context_processor
def _problem_texts() -> dict[str, object]:
    """Let templates show problem texts, columns, values and sureness in the user's language."""
    return {"problem_text": lambda message, params=(): (_(message, **dict(params)) if params
                                                         else _(message)) if message else "",
            "column_label": column_label, "value_label": value_label,
            "sureness_label": lambda level: str(SURENESS.get(level, level)),
            "source_label": lambda source: str(SOURCES.get(source, source)),
            "fact_label": lambda f: _(f[0], **f[1])}
navigation.add("importing.upload", _l("Import a list"), roles=EDITORS, order=10, group="lists")
navigation.add("importing.batches", _l("Imported lists"), roles=EDITORS, order=11, group="lists")


def _folder() -> Path:
    """Return the folder of pending uploads (IMPORT_UPLOAD_DIR, else inside instance/)."""
    configured = current_app.config.get("IMPORT_UPLOAD_DIR")
    return uploads.upload_dir(configured or current_app.instance_path, named=not configured)


def _organisations() -> list[Organisation]:
    """Return the organisations this user may import for."""
    stmt = select(Organisation).order_by(Organisation.code)
    if current_user.role is Role.MEMBER_EDITOR:
        stmt = stmt.where(Organisation.id == current_user.organisation_id)
    return list(db.session.scalars(stmt))


@bp.route("/", methods=["GET", "POST"])
@roles_required(*EDITORS)
def upload() -> str | Response:
    """Show the upload form; store the file and go to its check page."""
    form = UploadForm()
    language = current_language()
    form.organisation.choices = [SelectChoice(o.id, f"{o.code} · {o.name(language)}")
                                 for o in _organisations()]
    if form.validate_on_submit():
        if not can_edit_organisation(current_user, form.organisation.data):
            abort(403)
        pending = uploads.store(_folder(), form.file.data, user_id=current_user.id,
                                organisation_id=form.organisation.data, month=form.month.data)
        return redirect(url_for("importing.preview", token=pending.token))
    return render_template("importing/upload.html", form=form)


def _pending_or_404(token: str) -> uploads.PendingUpload:
    """Return the caller's own pending upload, else 404."""
    pending = uploads.load(_folder(), token)
    if pending is None or pending.user_id != current_user.id:
        abort(404)
    if not can_edit_organisation(current_user, pending.organisation_id):
        abort(403)
    return pending


def _preview(pending: uploads.PendingUpload) -> operations.ImportPreview | list:
    """Run the dry run for a pending upload; return the preview or the refusal's problems."""
    organisation = db.session.get(Organisation, pending.organisation_id)
    limits = Limits(max_rows=current_app.config.get("IMPORT_MAX_ROWS", Limits.max_rows))
    try:
        return operations.preview_import(
            db.session, uploads.file_path(_folder(), pending), org_code=organisation.code,
            month=pending.month, explicit_map=pending.mapping, file_name=pending.file_name,
            limits=limits, value_map=[f"{k}={v}" for k, v in pending.values.items()])
    except operations.ImportFailed as exc:
        operations.record_refusal(db.session, Actor.for_user(current_user),
                                  file_name=pending.file_name, org_code=organisation.code,
                                  month=pending.month, problems=exc.problems)
        return exc.problems


@bp.get("/check/<token>")
@roles_required(*EDITORS)
def preview(token: str) -> str:
    """Show the dry run of a pending upload: counts, mapping, first rows, problems."""
    pending = _pending_or_404(token)
    result = _preview(pending)
    if isinstance(result, list):
        return render_template("importing/refused.html", pending=pending, problems=result)
    parsed = result.parsed
    suggested = {r.label: r.suggestion for r in parsed.readings
                 if r.source == "unread" and r.suggestion}
    form = mapping_form(parsed.headers, {**suggested, **pending.mapping})
    unknown = list(parsed.unknown_values.values())
    return render_template("importing/preview.html", pending=pending, preview=result,
                           mapping_form=form, commit_form=CommitForm(),
                           value_form=value_form(unknown, pending.values), unknown=unknown,
                           sections=_sections(result),
                           sample_columns=_filled_columns(parsed.records[:20]))


def _sections(preview: operations.ImportPreview) -> dict[str, list]:
    """Sort the problems for the page: decisions first, then the rest, each grouped."""
    parsed = preview.parsed
    values = {(p.column, p.value) for p in preview.problems if p.is_error and p.value} \
        & {(u.header, u.value) for u in parsed.unknown_values.values()}
    file_level, errors, warnings = [], [], []
    for p in preview.problems:
        if p.row is None and p.column is None:
            file_level.append(p)
        elif p.is_error and p.column not in parsed.unknown_headers \
                and (p.column, p.value) not in values:
            errors.append(p)
        elif not p.is_error:
            warnings.append(p)
    return {"file": group_problems(file_level), "errors": group_problems(errors),
            "warnings": group_problems(warnings)}


def _filled_columns(records: list) -> list[str]:
    """Return the canonical columns that hold a value in any of these rows."""
    return [c for c in CANONICAL_COLUMNS if any(r.values.get(c) for r in records)]


@bp.post("/check/<token>/mapping")
@roles_required(*EDITORS)
def remap(token: str) -> Response:
    """Apply the header choices of the mapping form (and remember them if asked)."""
    pending = _pending_or_404(token)
    result = _preview(pending)
    headers = [] if isinstance(result, list) else result.parsed.headers
    form = mapping_form(headers, pending.mapping)
    if form.validate_on_submit():
        choices = {h: getattr(form, f"h{i}").data for i, h in enumerate(headers)}
        pending.mapping = {h: c for h, c in choices.items() if c != AUTO}
        uploads.save(_folder(), pending)
        if form.remember.data and pending.mapping:
            save_mapping(db.session, pending.organisation_id, pending.mapping,
                         Actor.for_user(current_user))
            flash(_("The mapping is saved for this organisation."), "ok")
    return redirect(url_for("importing.preview", token=token))


@bp.post("/check/<token>/values")
@roles_required(*EDITORS)
def remap_values(token: str) -> Response:
    """Apply the value choices of the values form (and remember them if asked)."""
    pending = _pending_or_404(token)
    result = _preview(pending)
    unknown = [] if isinstance(result, list) else list(result.parsed.unknown_values.values())
    form = value_form(unknown, pending.values)
    if form.validate_on_submit():
        chosen = {(u.column, u.value): getattr(form, f"v{i}").data.strip()
                  for i, u in enumerate(unknown)}
        try:
            chosen = {k: checked_value(k[0], v) for k, v in chosen.items() if v}
        except ValueError as exc:
            flash(str(exc), "error")
            return redirect(url_for("importing.preview", token=token))
        pending.values.update({value_key(c, text): v for (c, text), v in chosen.items()})
        uploads.save(_folder(), pending)
        if form.remember.data and chosen:
            save_value_mapping(db.session, pending.organisation_id, chosen,
                               Actor.for_user(current_user))
            flash(_("The value readings are saved for this organisation."), "ok")
    return redirect(url_for("importing.preview", token=token))


@bp.post("/check/<token>/commit")
@roles_required(*EDITORS)
def commit(token: str) -> Response:
    """Import a checked upload as one batch."""
    pending = _pending_or_404(token)
    if not CommitForm().validate_on_submit():
        abort(400)
    result = _preview(pending)
    if isinstance(result, list) or not result.ok:
        flash(_("The file still has problems: nothing was imported."), "error")
        return redirect(url_for("importing.preview", token=token))
    try:
        batch = operations.commit_import(db.session, result, Actor.for_user(current_user))
    except operations.ImportFailed as exc:
        flash(str(exc.problems[0]) if exc.problems else _("The import was refused."), "error")
        return redirect(url_for("importing.preview", token=token))
    uploads.discard(_folder(), pending)
    flash(_("Imported %(n)d rows as batch %(id)d.", n=batch.row_count, id=batch.id), "ok")
    return redirect(url_for("importing.batches"))


@bp.get("/batches")
@roles_required(*EDITORS)
def batches() -> str:
    """List the import batches this user may see, newest first."""
    stmt = select(ImportBatch).order_by(ImportBatch.id.desc()).limit(500)
    if current_user.role is Role.MEMBER_EDITOR:
        stmt = stmt.where(ImportBatch.organisation_id == current_user.organisation_id)
    return render_template("importing/batches.html", batches=db.session.scalars(stmt).all(),
                           form=RollbackForm())


@bp.post("/batches/<int:batch_id>/rollback")
@roles_required(*EDITORS)
def rollback(batch_id: int) -> Response:
    """Roll a whole batch back, with a reason."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or not can_edit_organisation(current_user, batch.organisation_id):
        abort(404)
    form = RollbackForm()
    if not form.validate_on_submit():
        flash(_("Give a reason to roll a batch back."), "error")
        return redirect(url_for("importing.batches"))
    try:
        operations.rollback_batch(db.session, batch_id, Actor.for_user(current_user),
                                  form.reason.data)
    except operations.RollbackRefused as exc:
        flash(str(exc), "error")
    else:
        flash(_("Batch %(id)d was rolled back.", id=batch_id), "ok")
    return redirect(url_for("importing.batches"))


@bp.get("/mappings")
@roles_required(*EDITORS)
def mappings() -> str:
    """List the saved header mappings of the user's organisations."""
    organisations = _organisations()
    stmt = (select(SavedHeaderMapping)
            .where(SavedHeaderMapping.organisation_id.in_([o.id for o in organisations]))
            .order_by(SavedHeaderMapping.organisation_id, SavedHeaderMapping.header))
    values = (select(SavedValueMapping)
              .where(SavedValueMapping.organisation_id.in_([o.id for o in organisations]))
              .order_by(SavedValueMapping.organisation_id, SavedValueMapping.column,
                        SavedValueMapping.value))
    return render_template("importing/mappings.html", rows=db.session.scalars(stmt).all(),
                           value_rows=db.session.scalars(values).all(), form=ForgetForm())


@bp.post("/mappings/<int:mapping_id>/forget")
@roles_required(*EDITORS)
def forget(mapping_id: int) -> Response:
    """Delete one saved header choice."""
    row = db.session.get(SavedHeaderMapping, mapping_id)
    if row is None or not can_edit_organisation(current_user, row.organisation_id):
        abort(404)
    if ForgetForm().validate_on_submit():
        forget_mapping(db.session, mapping_id, Actor.for_user(current_user))
        flash(_("The saved choice for %(h)s is removed.", h=row.header), "ok")
    return redirect(url_for("importing.mappings"))


@bp.post("/mappings/values/<int:mapping_id>/forget")
@roles_required(*EDITORS)
def forget_value(mapping_id: int) -> Response:
    """Delete one saved value reading."""
    row = db.session.get(SavedValueMapping, mapping_id)
    if row is None or not can_edit_organisation(current_user, row.organisation_id):
        abort(404)
    if ForgetForm().validate_on_submit():
        forget_value_mapping(db.session, mapping_id, Actor.for_user(current_user))
        flash(_("The saved reading of %(v)s is removed.", v=row.value), "ok")
    return redirect(url_for("importing.mappings"))

"""Classification pages: a person's result with its explanation, overrides, the review queue."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from exchange import navigation
from exchange.auth.access import REVIEWERS, roles_required
from exchange.classification import answers, operations, queue, util, wording
from exchange.classification.articles import article_table
from exchange.classification.eligibility import eligibility_table
from exchange.classification.forms import ClearOverrideForm, GroupForm, OverrideForm, ReviewForm
from exchange.classification.measures import concept, measures
from exchange.classification.rules import ruleset
from exchange.domain.records import registry_persons
from exchange.extensions import db
from exchange.labels import value_label
from exchange.models import Person
from exchange.models.classification import PersonClassification
from exchange.models.enums import Category
from exchange.pagination import paginate

bp = Blueprint("classification", __name__, url_prefix="/classification")

navigation.add("classification.index", _l("Categories"), order=35)
navigation.add("classification.review_queue", _l("Category review"), roles=REVIEWERS, order=36)



@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    def classification_of(person: Person):
        """The stored result of a person, for the panel on the person page."""
        return db.session.scalar(util.classification_of(person.id))

    return {
        "classification_of": classification_of,
        "classification_categories": list(Category),
        "classification_eligibility_values": util.ELIGIBILITY_FILTERS,
    }


@bp.record_once
def _template_globals(state) -> None:
    """What the explanation macros read (imported macros see globals, not the page's context)."""
    state.app.jinja_env.globals.update(
        wording=wording,
        classification_measures=measures(),
        classification_concept=concept(),
        classification_memorandum=eligibility_table().source,
    )



@bp.get("/")
def index() -> str:
    """The registry narrowed by category, eligibility and provisional."""
    filters = {
        "category": request.args.get("category") or None,
        "eligibility": request.args.get("eligibility") or None,
        "provisional": request.args.get("provisional") or None,
    }
    stmt = util.filter_by_classification(registry_persons(), **filters)
    page = db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    rows = {
        row.person_id: row
        for row in db.session.scalars(
            util.classification_of_many([person.id for person in page.items])
        )
    }
    return render_template(
        "classification/index.html",
        page=page,
        rows=rows,
        filters=filters,
    )


@bp.get("/persons/<int:person_id>")
def person(person_id: int) -> str | Response:
    """A person's category and eligibility with the full explanation."""
    person = db.get_or_404(Person, person_id)
    if person.merged_into_id is not None:
        return redirect(url_for("classification.person", person_id=person.merged_into_id))
    row = db.session.scalar(util.classification_of(person.id))
    can_review = current_user.role in REVIEWERS
    return render_template(
        "classification/person.html",
        person=person,
        row=row,
        can_review=can_review,
        override_form=OverrideForm() if can_review else None,
        clear_form=ClearOverrideForm() if can_review else None,
        review_form=ReviewForm() if can_review else None,
    )


@bp.post("/persons/<int:person_id>/override")
@roles_required(*REVIEWERS)
def override(person_id: int) -> Response | str:
    person = db.get_or_404(Person, person_id)
    form = OverrideForm()
    if form.validate_on_submit():
        try:
            operations.override_classification(
                db.session,
                person,
                user=current_user._get_current_object(),
                reason=form.reason.data,
                category=form.category.data or None,
                eligibility=form.eligibility.data or None,
            )
        except (operations.ReasonRequired, ValueError) as exc:
            flash(str(exc), "error")
        else:
            flash(_l("Override saved; the computed result is kept beside it."), "ok")
    else:
        flash(_l("An override needs a written reason."), "error")
    return redirect(url_for("classification.person", person_id=person.id))


@bp.post("/persons/<int:person_id>/override/clear")
@roles_required(*REVIEWERS)
def clear_override(person_id: int) -> Response:
    person = db.get_or_404(Person, person_id)
    form = ClearOverrideForm()
    if form.validate_on_submit():
        operations.clear_override(
            db.session, person, user=current_user._get_current_object(), reason=form.reason.data
        )
        flash(_l("Override removed."), "ok")
    else:
        flash(_l("Removing an override needs a written reason."), "error")
    return redirect(url_for("classification.person", person_id=person.id))


@bp.post("/persons/<int:person_id>/review")
@roles_required(*REVIEWERS)
def review(person_id: int) -> Response:
    person = db.get_or_404(Person, person_id)
    form = ReviewForm()
    if form.validate_on_submit():
        operations.mark_reviewed(
            db.session, person, user=current_user._get_current_object(), note=form.note.data
        )
        flash(_l("Marked reviewed."), "ok")
    back = request.args.get("next")
    if back == "queue":
        return redirect(url_for("classification.review_queue",
                                group=request.args.get("group") or None))
    return redirect(url_for("classification.person", person_id=person.id))


@bp.get("/rules")
def rules() -> str:
    """The rule table, the article table and the eligibility criteria, as the engine reads them."""
    return render_template(
        "classification/rules.html",
        ruleset=ruleset(),
        articles=article_table().rows,
        eligibility=eligibility_table(),
    )


@bp.get("/review")
@roles_required(*REVIEWERS)
def review_queue() -> str:
    """Results waiting for review, grouped by the fact that would settle them."""
    groups = queue.queue_groups(db.session)
    chosen = next((g for g in groups if g.key == request.args.get("group")),
                  groups[0] if groups else None)
    persons = chosen.ordered() if chosen else []
    sources = queue.group_sources(db.session, chosen)
    members = Counter(code for pid in persons for code in sources.get(pid, ()))
    member = request.args.get("member") if request.args.get("member") in members else None
    if member:
        persons = [pid for pid in persons if member in sources.get(pid, ())]
    page = paginate(persons, request.args.get("page", 1, type=int),
                    current_app.config["PAGE_SIZE"])
    rows = {row.person_id: row for row in db.session.scalars(
        util.classification_of_many(page.items).options(
            selectinload(PersonClassification.person)))}
    form = GroupForm(group=chosen.key if chosen else "", member=member or "")
    if chosen is not None and chosen.answerable:
        form.value.choices = [SelectChoice(v, value_label(chosen.fact, v))
                              for v in queue.answerable_facts()[chosen.fact]]
    return render_template(
        "classification/review_queue.html",
        groups=groups, chosen=chosen, page=page, rows=rows, sources=sources,
        members=sorted(members.items()), member=member, form=form,
        total=len({pid for g in groups for pid in g.persons}),
        group_label=queue.group_label,
    )


@bp.post("/review/group")
@roles_required(*REVIEWERS)
def review_group() -> Response:
    """Record one answer for the checked persons of a group, or mark them reviewed."""
    form = GroupForm()
    back = url_for("classification.review_queue", group=form.group.data or None,
                   member=form.member.data or None)
    chosen = form.person.data or []
    if not form.validate_on_submit() or not chosen:
        flash(_l("Check at least one person."), "error")
        return redirect(back)
    user = current_user._get_current_object()
    try:
        if form.answer.data:
            fact = form.group.data.removeprefix("missing:")
            summary = answers.record_answer(db.session, chosen, fact, form.value.data or "",
                                            user=user, reason=form.reason.data or "")
            flash(_("Recorded for %(changed)d persons; %(settled)d taken off the queue.",
                    changed=len(summary.changed), settled=len(summary.settled)), "ok")
        else:
            count = operations.mark_reviewed_many(db.session, chosen, user=user,
                                                  note=form.reason.data)
            flash(_("%(count)d results marked reviewed.", count=count), "ok")
    except operations.ReasonRequired:
        flash(_l("Say which source settles it: the reason is kept in each person's history."),
              "error")
    except answers.AnswerRefused:
        flash(_l("This fact cannot be answered for a group: record it on each person's page."),
              "error")
    return redirect(back)

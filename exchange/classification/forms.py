"""Forms of the classification pages: override, clear an override, review, answer a group."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from exchange.classification.operations import ELIGIBILITY_VALUES
from exchange.labels import label
from exchange.models.enums import Category

KEEP = ""


class OverrideForm(FlaskForm):
    category = SelectField(
        _l("Category"),
        choices=[SelectChoice(KEEP, _l("keep the computed category"))]
        + [SelectChoice(c.value, LazyString(label, "category", c.value)) for c in Category],
        validators=[Optional()],
    )
    eligibility = SelectField(
        _l("Coalition eligibility"),
        choices=[SelectChoice(KEEP, _l("keep the computed eligibility"))]
        + [SelectChoice(v, LazyString(label, "eligibility", v)) for v in ELIGIBILITY_VALUES],
        validators=[Optional()],
    )
    reason = TextAreaField(
        _l("Written reason (kept in the history)"), validators=[DataRequired(), Length(max=2000)]
    )
    submit = SubmitField(_l("Override"))


class ClearOverrideForm(FlaskForm):
    reason = TextAreaField(
        _l("Why the override is removed"), validators=[DataRequired(), Length(max=2000)]
    )
    submit = SubmitField(_l("Remove the override"))


class ReviewForm(FlaskForm):
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Mark reviewed"))


class GroupForm(FlaskForm):
    """Persons of a review group checked on the page, and one answer for all of them."""

    person = SelectMultipleField(coerce=int, validate_choice=False)
    group = HiddenField()
    member = HiddenField()
    value = SelectField(_l("Answer"), choices=[], validate_choice=False,
                        validators=[Optional()])
    reason = TextAreaField(_l("The source that settles it (kept in each person's history)"),
                           validators=[Optional(), Length(max=2000)])
    answer = SubmitField(_l("Record this answer for the checked persons"))
    confirm = SubmitField(_l("Mark the checked persons reviewed"))

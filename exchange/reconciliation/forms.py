"""Forms of the monthly loop: decisions, merges, splits, undo, month actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class DecisionForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (optional for a review decision)"), validators=[Optional(), Length(max=2000)]
    )
    same = SubmitField(_l("Same person (S)"))
    different = SubmitField(_l("Different people (D)"))
    unsure = SubmitField(_l("Unsure (U)"))


class RecordDecisionForm(FlaskForm):
    """A record's question: the choice comes from the button pressed (`choice`)."""

    reason = TextAreaField(
        _l("Reason (optional for a review decision)"), validators=[Optional(), Length(max=2000)]
    )


class MergeForm(FlaskForm):
    other_person = IntegerField(
        _l("Registry number of the person to merge into this one"),
        validators=[DataRequired(), NumberRange(min=1)],
    )
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Merge"))


class SplitForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Split the ticked records off as a new person"))


class UndoForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Undo"))


class MonthActionForm(FlaskForm):
    submit = SubmitField(_l("Go"))

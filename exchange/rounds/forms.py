"""Forms of the rounds pages; every choice shows a label, never a stored code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from exchange.labels import label
from exchange.models import Outcome, RoundType
from exchange.rounds.tables import categories_for, categories_in_order

DAY = Regexp(r"^\d{4}-\d{2}-\d{2}$", message=_l("Use the form YYYY-MM-DD."))


def _choices(vocabulary: str, values) -> list[SelectChoice]:
    return [SelectChoice(str(v), label(vocabulary, v)) for v in values]


class CreateRoundForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    round_type = SelectField(_l("Type"), validators=[DataRequired()])
    categories = SelectMultipleField(_l("Categories"), validators=[DataRequired()])
    planned_on = StringField(_l("Planned for (YYYY-MM-DD)"), validators=[Optional(), DAY])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Create the round"))

    def __init__(self, *args, **kwargs) -> None:  # labels in the reader's language
        super().__init__(*args, **kwargs)
        self.round_type.choices = _choices(
            "round_type", [t.value for t in RoundType if categories_for(t)])
        self.categories.choices = _choices(
            "category", [c for c in categories_in_order() if c != "unclassified"])


class AddForm(FlaskForm):
    round_id = SelectField(_l("Round"), coerce=int, validators=[DataRequired()])
    selection = HiddenField(default="all")  # "all": everyone the filters show; "chosen": ticked
    submit = SubmitField(_l("Add to the round"))


class SubmitForm(FlaskForm):
    submit = SubmitField(_l("Send this version"))


class ExecuteForm(FlaskForm):
    executed_on = StringField(_l("Carried out on (YYYY-MM-DD)"), validators=[DataRequired(), DAY])
    submit = SubmitField(_l("Record as carried out"))


class CloseForm(FlaskForm):
    submit = SubmitField(_l("Close the round"))


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Why the round is cancelled"),
                           validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Cancel the round"))


class RemoveForm(FlaskForm):
    person_id = HiddenField(validators=[DataRequired()])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])
    submit = SubmitField(_l("Remove"))


class UploadForm(FlaskForm):
    file = FileField(_l("File (XLSX or CSV)"), validators=[FileRequired()])
    submit = SubmitField(_l("Import"))


class OutcomeForm(FlaskForm):
    person_id = HiddenField(validators=[DataRequired()])
    outcome = SelectField(_l("Outcome"), validators=[DataRequired()])
    reason = StringField(_l("Reason (needed when not handed over)"),
                         validators=[Optional(), Length(max=1000)])
    occurred_on = StringField(_l("Day (YYYY-MM-DD)"), validators=[Optional(), DAY])
    submit = SubmitField(_l("Record"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.outcome.choices = _choices("outcome", [o.value for o in Outcome])


class DecideRowForm(FlaskForm):
    person_id = IntegerField(_l("Person ID"), validators=[Optional(), NumberRange(min=1)])
    not_ours = HiddenField()
    submit = SubmitField(_l("Decide"))

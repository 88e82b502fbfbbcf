"""Forms of the repatriation pages: an event, a correction, a checklist item, a flag's end."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from exchange.labels import label
from exchange.models import ChecklistStatus, Stage

PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DATE_HINT = _l("Use YYYY-MM-DD, YYYY-MM or YYYY.")


def stage_choices(stages: list[Stage]) -> list[SelectChoice]:
    """Return select choices for stages, labelled in the reader's language (none chosen)."""
    return [SelectChoice("", "—")] + [
        SelectChoice(s.value, label("repatriation_stage", s)) for s in stages
    ]


class EventForm(FlaskForm):
    stage = SelectField(_l("New stage"), validators=[DataRequired()])
    occurred_on = StringField(
        _l("When it happened"), validators=[Optional(), Regexp(PARTIAL_DATE, message=DATE_HINT)]
    )
    source_ref = StringField(_l("Reference (document, letter, call)"),
                             validators=[Optional(), Length(max=200)])
    evidence = TextAreaField(_l("Evidence"), validators=[DataRequired(), Length(max=1000)])
    submit = SubmitField(_l("Record"))


class CorrectionForm(FlaskForm):
    stage = SelectField(_l("The stage instead"), validators=[DataRequired()])
    occurred_on = StringField(
        _l("When it happened"), validators=[Optional(), Regexp(PARTIAL_DATE, message=DATE_HINT)]
    )
    evidence = TextAreaField(_l("Why the event was wrong"),
                             validators=[DataRequired(), Length(max=1000)])
    submit = SubmitField(_l("Correct"))


class ChecklistForm(FlaskForm):
    status = SelectField(_l("Status"), validators=[DataRequired()])
    status_on = StringField(
        _l("Date"), validators=[Optional(), Regexp(PARTIAL_DATE, message=DATE_HINT)]
    )
    amount = StringField(_l("Amount claimed"), validators=[Optional(), Length(max=20)])
    currency = StringField(_l("Currency"), default="UAH",
                           validators=[Optional(), Regexp(r"^[A-Za-z]{3}$")])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.status.choices = [
            SelectChoice(s.value, label("checklist_status", s)) for s in ChecklistStatus
        ]


class ResolveForm(FlaskForm):
    resolution = TextAreaField(_l("What was found"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Resolve"))

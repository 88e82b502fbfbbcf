"""Editing a person's merged facts (always with a reason)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from exchange.labels import label
from exchange.models.enums import ReleaseStatus

PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class PersonEditForm(FlaskForm):
    version = HiddenField()
    surname = StringField(_l("Surname"), validators=[Optional(), Length(max=200)])
    given_name = StringField(_l("Given name"), validators=[Optional(), Length(max=200)])
    patronymic = StringField(_l("Patronymic"), validators=[Optional(), Length(max=200)])
    date_of_birth = StringField(
        _l("Date of birth"),
        validators=[
            Optional(),
            Regexp(PARTIAL_DATE, message=_l("Use YYYY-MM-DD, YYYY-MM or YYYY.")),
        ],
    )
    release_status = SelectField(
        _l("Release status"),
        choices=[SelectChoice("", "—")]
        + [SelectChoice(s.value, LazyString(label, "release_status", s.value))
           for s in ReleaseStatus],
        validators=[Optional()],
    )
    released_on = StringField(
        _l("Released on"),
        validators=[
            Optional(),
            Regexp(PARTIAL_DATE, message=_l("Use YYYY-MM-DD, YYYY-MM or YYYY.")),
        ],
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
    reason = TextAreaField(
        _l("Reason for the change"), validators=[DataRequired(), Length(max=2000)]
    )
    submit = SubmitField(_l("Save"))

    EDITABLE = (
        "surname",
        "given_name",
        "patronymic",
        "date_of_birth",
        "release_status",
        "released_on",
        "notes",
    )

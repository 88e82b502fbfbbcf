"""Forms of the import pages: upload, header mapping, commit and rollback."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from exchange.domain.months import MONTH
from exchange.importing import columns as kinds
from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.importing.headers import IGNORE
from exchange.importing.labels import column_label, value_label
from exchange.importing.parsed import UnknownValue
from exchange.importing.vocab import choice_values

AUTO = ""


class UploadForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[DataRequired()])
    month = StringField(_l("List month (YYYY-MM)"), validators=[
        DataRequired(), Regexp(MONTH, message=_l("Use YYYY-MM, e.g. 2025-01."))])
    file = FileField(_l("List file (.xlsx or .csv)"), validators=[
        FileRequired(), FileAllowed(["xlsx", "xlsm", "csv", "tsv", "txt"],
                                    _l("Upload an .xlsx or .csv file."))])
    submit = SubmitField(_l("Upload and check"))


def column_choices() -> list[SelectChoice]:
    """Return the choices of a header: as detected, a canonical column, or ignore."""
    return ([SelectChoice(AUTO, str(_l("(as detected)"))),
             SelectChoice(IGNORE, str(_l("ignore this column")))]
            + [SelectChoice(c, column_label(c)) for c in CANONICAL_COLUMNS])


def mapping_form(headers: list[str], current: dict[str, str]) -> FlaskForm:
    """Build a form with one column choice per header of the uploaded file.

    `current` holds the choice already made for a header, else the suggestion for a header
    the import did not read (the user still has to apply it).
    """

    class MappingForm(FlaskForm):
        remember = BooleanField(_l("Remember these choices for this organisation"))
        apply = SubmitField(_l("Apply mapping and check again"))

    for i, header in enumerate(headers):
        setattr(MappingForm, f"h{i}", SelectField(header, choices=column_choices(),
                                                  default=current.get(header, AUTO)))
    return MappingForm()


def value_form(unknown: list[UnknownValue], current: dict[str, str]) -> FlaskForm:
    """Build a form with one choice per cell text the import could not read.

    A closed-list column offers its values; other columns take the value typed as the
    column expects it (a date as YYYY-MM-DD, a region as UA-43, ...). Empty: fix the file.
    """

    class ValueForm(FlaskForm):
        remember = BooleanField(_l("Remember these readings for this organisation"))
        apply = SubmitField(_l("Read these values so and check again"))

    for i, item in enumerate(unknown):
        default = current.get(value_key(item.column, item.value), "")
        if kinds.COLUMNS[item.column] in (kinds.CHOICE, kinds.YES_NO):
            choices = [SelectChoice("", str(_l("(not read: fix it in the file)")))] + [
                SelectChoice(v, value_label(item.column, v)) for v in choice_values(item.column)]
            field = SelectField(item.value, choices=choices, default=default)
        else:
            field = StringField(item.value, default=default, validators=[Length(max=200)])
        setattr(ValueForm, f"v{i}", field)
    return ValueForm()


def value_key(column: str, text: str) -> str:
    """Return how a value choice is kept with a pending upload: `column:text`."""
    return f"{column}:{text}"


class CommitForm(FlaskForm):
    submit = SubmitField(_l("Import these rows"))


class RollbackForm(FlaskForm):
    reason = TextAreaField(_l("Why is this batch withdrawn?"),
                           validators=[DataRequired(), Length(max=1000)])
    submit = SubmitField(_l("Roll back the whole batch"))


class ForgetForm(FlaskForm):
    submit = SubmitField(_l("Forget"))

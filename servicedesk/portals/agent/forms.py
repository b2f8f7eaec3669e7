"""Forms of the agent workspace. Choices are filled by the views from the database."""

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from ...tickets.lifecycle import Status
from ...tickets.priority import LEVELS
from ..common import choices

LEVEL_CHOICES = choices((level, level.capitalize()) for level in LEVELS)


class VersionedForm(FlaskForm):
    """Carries the ticket version the agent saw, so stale writes are caught."""

    version = IntegerField(validators=[Optional()])


class ReplyForm(FlaskForm):
    kind = RadioField(
        "Send as",
        choices=choices(
            [
                ("reply", "Public reply (the requester sees it)"),
                ("note", "Internal note (staff only)"),
            ]
        ),
        default="reply",
        validators=[InputRequired()],
    )
    canned = SelectField("Insert a canned response", coerce=str, validators=[Optional()])
    body = TextAreaField("Message", validators=[Optional(), Length(max=50_000)])
    attachments = MultipleFileField("Attach files")


class StatusForm(VersionedForm):
    status = SelectField("Status", choices=choices((s.value, s.label) for s in Status))


class AssignForm(VersionedForm):
    agent = SelectField("Assignee", coerce=str)


class TeamForm(VersionedForm):
    team = SelectField("Team", coerce=str)


class PriorityForm(VersionedForm):
    impact = SelectField("Impact", choices=LEVEL_CHOICES)
    urgency = SelectField("Urgency", choices=LEVEL_CHOICES)


class CategoryForm(FlaskForm):
    category = SelectField("Category", coerce=str)


class ReferenceForm(FlaskForm):
    reference = StringField("Ticket reference", validators=[DataRequired(), Length(max=20)])


class LinkForm(ReferenceForm):
    reference = StringField("Link to ticket", validators=[DataRequired(), Length(max=20)])


class MergeForm(ReferenceForm):
    reference = StringField("Merge into ticket", validators=[DataRequired(), Length(max=20)])


class ChildForm(FlaskForm):
    subject = StringField("Subject", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=50_000)])
    team = SelectField("Team", coerce=str)


class BulkForm(FlaskForm):
    action = SelectField(
        "With the selected tickets", choices=choices([("assign", "Assign to"), ("close", "Close")])
    )
    agent = SelectField("Agent", coerce=str)
    ticket_ids = HiddenField()


class NewTicketForm(FlaskForm):
    """An agent files for a caller (phone, counter, walk-in)."""

    # Checked against the database in the view, so saving skips building the pickers' lists.
    catalog_item = SelectField(
        "Request type", coerce=str, validators=[Optional()], validate_choice=False
    )
    category = SelectField("Category", coerce=str, validators=[Optional()], validate_choice=False)
    subject = StringField("Subject", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=50_000)])
    contact_name = StringField("Caller's name", validators=[Optional(), Length(max=200)])
    contact_email = EmailField("Caller's email", validators=[Optional(), Email(), Length(max=254)])
    impact = SelectField("Impact", choices=LEVEL_CHOICES, default="medium")
    urgency = SelectField("Urgency", choices=LEVEL_CHOICES, default="medium")
    address = StringField("Address or place", validators=[Optional(), Length(max=300)])
    lat = StringField("Latitude", validators=[Optional(), Length(max=32)])
    lon = StringField("Longitude", validators=[Optional(), Length(max=32)])

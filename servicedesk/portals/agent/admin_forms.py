"""Forms of the administration pages. They only validate and carry data; choices that come
from the database are filled by the views, and the services check every rule again."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateField
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ...accounts.models import Role
from ...tickets import catalog, configuration
from ...tickets.models import Audience, Channel
from ...tickets.priority import PRIORITIES
from ...tickets.routing import AssignStrategy
from ..common import choices

AUDIENCE_CHOICES = choices(
    [
        (Audience.BOTH.value, "Employees and residents"),
        (Audience.EMPLOYEES.value, "Employees"),
        (Audience.RESIDENTS.value, "Residents"),
    ]
)
CONDITION_AUDIENCE_CHOICES = choices(
    [(Audience.EMPLOYEES.value, "Employees"), (Audience.RESIDENTS.value, "Residents")]
)
PRIORITY_CHOICES = choices((p, p.capitalize()) for p in PRIORITIES)
CHANNEL_CHOICES = choices((c.value, c.label) for c in Channel)
ROLE_CHOICES = choices((r.value, r.label) for r in Role)
FIELD_TYPE_LABELS = {
    "text": "Short text",
    "long_text": "Long text",
    "number": "Number",
    "choice": "One choice (list)",
    "multi_choice": "Several choices (checkboxes)",
    "date": "Date",
    "location": "Location (address or map point)",
    "file": "File",
}
FIELD_TYPE_CHOICES = choices(
    (kind, FIELD_TYPE_LABELS.get(kind, kind)) for kind in catalog.FIELD_TYPES
)
STRATEGY_CHOICES = choices(
    [
        (AssignStrategy.NONE.value, "None: leave in the team queue"),
        (AssignStrategy.FIXED.value, "Fixed: always the same agent"),
        (AssignStrategy.ROUND_ROBIN.value, "Round-robin among available team members"),
        (AssignStrategy.LEAST_LOADED.value, "Least loaded team member"),
    ]
)
REQUIRED = "This field is required."
NAME_REQUIRED = "A name is required."
POSITION = NumberRange(0, configuration.MAX_POSITION, "Enter a position from 0 to 100000.")
MINUTES = NumberRange(
    1,
    configuration.MAX_TARGET_MINUTES,
    f"Enter a whole number of business minutes from 1 to {configuration.MAX_TARGET_MINUTES}.",
)


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (works without JavaScript, unlike a long multi-select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _hours_text(form, field) -> None:
    try:
        configuration.parse_hours(field.data or "")
    except ValueError as error:
        raise ValidationError(str(error)) from None


def lines(text: str | None) -> list[str]:
    """The non-empty lines of a textarea, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ConfirmForm(FlaskForm):
    """A button that changes state: only the CSRF token."""


class CategoryForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(NAME_REQUIRED), Length(max=120)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=500)])
    name_es = StringField("Name in Spanish (optional)", validators=[Optional(), Length(max=120)])
    description_es = TextAreaField(
        "Description in Spanish (optional)", validators=[Optional(), Length(max=500)]
    )
    parent = SelectField("Parent category", coerce=str)
    audience = SelectField("Audience", choices=AUDIENCE_CHOICES, default=Audience.BOTH.value)
    default_team = SelectField("Default team", coerce=str)
    is_active = BooleanField("Active (offered in the portals)", default=True)


class CatalogItemForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(NAME_REQUIRED), Length(max=160)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])
    name_es = StringField("Name in Spanish (optional)", validators=[Optional(), Length(max=160)])
    description_es = TextAreaField(
        "Description in Spanish (optional)", validators=[Optional(), Length(max=5000)]
    )
    category = SelectField("Category", coerce=str, validators=[DataRequired("Choose a category.")])
    audience = SelectField("Audience", choices=AUDIENCE_CHOICES, default=Audience.BOTH.value)
    is_active = BooleanField("Active (offered in the portals)", default=True)


class FormFieldForm(FlaskForm):
    """One field added to a request type's form."""

    name = StringField(
        "Field name", validators=[DataRequired("A field name is required."), Length(max=40)]
    )
    label = StringField("Label", validators=[DataRequired("A label is required."), Length(max=200)])
    kind = SelectField("Type", choices=FIELD_TYPE_CHOICES, default="text")
    required = BooleanField("Required")
    help = StringField("Help text", validators=[Optional(), Length(max=500)])
    choices = TextAreaField("Choices (one per line)", validators=[Optional(), Length(max=20_000)])
    # Not checked against the choices here: the service explains a bad reference better.
    shown_when_field = SelectField("Show only when field", coerce=str, validate_choice=False)
    shown_when_values = TextAreaField(
        "has one of these values (one per line)", validators=[Optional(), Length(max=5000)]
    )


class FieldActionForm(FlaskForm):
    """Remove a field, or move it up or down."""

    field = HiddenField(validators=[DataRequired(), Length(max=40)])
    direction = HiddenField(validators=[Optional(), Length(max=10)])


class SlaPolicyForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(NAME_REQUIRED), Length(max=120)])
    position = IntegerField("Position", default=100, validators=[InputRequired(REQUIRED), POSITION])
    is_active = BooleanField("Active", default=True)
    is_fallback = BooleanField("Fallback (applies when no other policy matches)")
    category = SelectField("Category (and its subcategories)", coerce=str)
    priorities = CheckboxesField("Priorities", choices=PRIORITY_CHOICES)
    channels = CheckboxesField("Channels", choices=CHANNEL_CHOICES)
    audiences = CheckboxesField("Audiences", choices=CONDITION_AUDIENCE_CHOICES)
    first_response_minutes = IntegerField(
        "First response within (business minutes)", validators=[InputRequired(REQUIRED), MINUTES]
    )
    resolution_minutes = IntegerField(
        "Resolution within (business minutes)", validators=[InputRequired(REQUIRED), MINUTES]
    )
    warn_percent = IntegerField(
        "Warn at (percent of the target used)",
        default=80,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(1, 99, "Enter a percentage from 1 to 99."),
        ],
    )
    calendar = SelectField("Calendar", coerce=str, validators=[DataRequired("Choose a calendar.")])


class CalendarForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(NAME_REQUIRED), Length(max=120)])
    timezone = StringField(
        "Timezone (IANA name)",
        validators=[DataRequired("A timezone is required."), Length(max=64)],
    )
    hours_0 = StringField("Monday", validators=[Length(max=200), _hours_text])
    hours_1 = StringField("Tuesday", validators=[Length(max=200), _hours_text])
    hours_2 = StringField("Wednesday", validators=[Length(max=200), _hours_text])
    hours_3 = StringField("Thursday", validators=[Length(max=200), _hours_text])
    hours_4 = StringField("Friday", validators=[Length(max=200), _hours_text])
    hours_5 = StringField("Saturday", validators=[Length(max=200), _hours_text])
    hours_6 = StringField("Sunday", validators=[Length(max=200), _hours_text])
    holiday_country = StringField("Public holidays of (country code)", validators=[Length(max=8)])
    holiday_subdivision = StringField("State, province or region code", validators=[Length(max=40)])

    @property
    def hours_fields(self):
        return [self[f"hours_{day}"] for day in range(7)]


class ClosureForm(FlaskForm):
    day = DateField("Date", validators=[InputRequired("Enter the date as YYYY-MM-DD.")])
    name = StringField(
        "Reason", validators=[DataRequired("Say why the desk is closed."), Length(max=120)]
    )


class RoutingRuleForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(NAME_REQUIRED), Length(max=120)])
    position = IntegerField("Position", default=100, validators=[InputRequired(REQUIRED), POSITION])
    is_active = BooleanField("Active", default=True)
    is_fallback = BooleanField("Fallback (catches what no other rule matched)")
    category = SelectField("Category (and its subcategories)", coerce=str)
    channels = CheckboxesField("Channels", choices=CHANNEL_CHOICES)
    audiences = CheckboxesField("Audiences", choices=CONDITION_AUDIENCE_CHOICES)
    keywords = TextAreaField(
        "Keywords or phrases (one per line)", validators=[Optional(), Length(max=20_000)]
    )
    priorities = CheckboxesField("Priorities", choices=PRIORITY_CHOICES)
    when_flagged = BooleanField("Only flagged tickets (very negative words or safety words)")
    team = SelectField("Team", coerce=str)
    set_priority = SelectField(
        "Set priority", choices=choices([("", "Keep the ticket's priority")]) + PRIORITY_CHOICES
    )
    strategy = SelectField("Assign to", choices=STRATEGY_CHOICES, default="none")
    fixed_agent = SelectField("Fixed agent", coerce=str)


class RoutingTestForm(FlaskForm):
    """Made-up facts of a ticket; sent by GET, since it changes nothing."""

    class Meta:
        csrf = False

    subject = StringField(
        "Subject", validators=[DataRequired("A subject is required."), Length(max=200)]
    )
    description = TextAreaField("Description", validators=[Optional(), Length(max=50_000)])
    category = SelectField("Category", coerce=str)
    channel = SelectField("Channel", choices=CHANNEL_CHOICES, default=Channel.CITIZEN_PORTAL.value)
    audience = SelectField("Filed by", choices=CONDITION_AUDIENCE_CHOICES, default="residents")
    priority = SelectField("Priority", choices=PRIORITY_CHOICES, default="medium")


class TeamForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(NAME_REQUIRED), Length(max=120)])
    department = StringField("Department", validators=[Optional(), Length(max=120)])
    email = EmailField("Team email", validators=[Optional(), Length(max=254)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=500)])


class MemberForm(FlaskForm):
    user = SelectField(
        "Add a staff member", coerce=str, validators=[DataRequired("Choose someone.")]
    )


class NewUserForm(FlaskForm):
    email = EmailField(
        "Email", validators=[DataRequired("An email address is required."), Length(max=254)]
    )
    name = StringField("Name", validators=[DataRequired(NAME_REQUIRED), Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.AGENT.value)
    password = PasswordField(
        "Password (leave empty for single sign-on only)",
        validators=[Optional(), Length(min=8, max=200, message="Use 8 to 200 characters.")],
    )
    teams = CheckboxesField("Teams", coerce=str)


class EditUserForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(NAME_REQUIRED), Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    teams = CheckboxesField("Teams", coerce=str)
    is_active = BooleanField("Active (may sign in)")
    is_available = BooleanField("Available for assignment")
    capacity = IntegerField(
        "Capacity (most open tickets assigned at once)",
        validators=[Optional(), NumberRange(0, 1000, "Enter a number from 0 to 1000.")],
    )


class PasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[
            DataRequired("Enter the new password."),
            Length(min=8, max=200, message="Use 8 to 200 characters."),
        ],
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[EqualTo("password", "The two passwords are not the same.")],
    )


class CannedResponseForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("A title is required."), Length(max=160)])
    body = TextAreaField(
        "Text", validators=[DataRequired("The text is required."), Length(max=50_000)]
    )

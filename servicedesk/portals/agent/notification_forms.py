"""Forms of the notification administration pages: webhooks and the outbox's Retry button.
They only validate and carry data; ``notifications.webhook_admin`` checks every rule again."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ...notifications.models import WebhookEvent
from ..common import choices
from .admin_forms import NAME_REQUIRED, CheckboxesField

EVENT_CHOICES = choices((event.value, event.label) for event in WebhookEvent)


class WebhookForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(NAME_REQUIRED), Length(max=120)])
    # A text field, not type=url: the service explains a bad URL better than a browser does.
    url = StringField("URL", validators=[DataRequired("A URL is required."), Length(max=500)])
    # No DataRequired: it would mark every checkbox required. The service asks for one.
    events = CheckboxesField("Events", choices=EVENT_CHOICES)
    is_active = BooleanField("Active (deliver events to this URL)", default=True)


class RetryForm(FlaskForm):
    """Send a failed message again; ``back`` is the admin page to return to."""

    back = HiddenField(validators=[Optional(), Length(max=500)])


class TeamAlertForm(FlaskForm):
    """One team's KPI alert thresholds; empty means no alert of that kind. Each team's form
    has its own prefix, so the page's field ids stay unique."""

    backlog_threshold = IntegerField(
        "Alert when open tickets exceed", validators=[Optional(), NumberRange(min=0)]
    )
    breach_rate_percent = IntegerField(
        "Alert when the SLA breach rate (last 7 days) exceeds, in %",
        validators=[Optional(), NumberRange(min=0, max=100)],
    )

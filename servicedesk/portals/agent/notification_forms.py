"""Forms of the notification administration pages: webhooks and the outbox's Retry button.
They only validate and carry data; ``notifications.webhook_admin`` checks every rule again."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional

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

"""Schemathesis against /api/v1/openapi.json, in process (WSGI), as an admin with a write token.

Every generated call must answer without a server error and with a response the document
describes (status code, content type, headers, body schema); invalid input must be refused
with a 4xx. CI runs 20 examples per operation and mode (about 1,200 calls); the long run
raises it: ``SERVICEDESK_FUZZ_EXAMPLES=400 pytest tests/api/test_schemathesis.py -s``, and
prints how many calls were made.
"""

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from servicedesk.accounts.models import Role
from servicedesk.extensions import db
from servicedesk.knowledge import service as kb
from servicedesk.tickets.models import Audience, CatalogItem

EXAMPLES = int(os.environ.get("SERVICEDESK_FUZZ_EXAMPLES", "20"))
CALLS: Counter = Counter()


@pytest.fixture
def api_schema(app, make_user, make_team, make_category, make_ticket, sla_policy, token_for):
    """The app's own document, with a desk worth exploring: tickets, a form, an article."""
    app.config["API_RATE_LIMIT"] = "1000000 per minute"
    # A bug must answer 500 (and roll back) like in production, not raise into the test.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    team = make_team("Streets")
    admin = make_user(Role.ADMIN, teams=[team])
    make_user(Role.AGENT, teams=[team])
    resident = make_user(Role.RESIDENT)
    streets = make_category("Streets", audience=Audience.BOTH, default_team=team)
    db.session.add(
        CatalogItem(
            category=streets,
            name="Streetlight out",
            form_schema=[
                {"name": "pole", "label": "Pole", "type": "text", "required": True},
                {
                    "name": "kind",
                    "label": "Kind",
                    "type": "choice",
                    "required": False,
                    "choices": ["dark", "flickering"],
                },
                {"name": "when", "label": "Since", "type": "date", "required": False},
                {"name": "where", "label": "Where", "type": "location", "required": False},
                {"name": "count", "label": "Lamps", "type": "number", "required": False},
                {
                    "name": "tags",
                    "label": "Tags",
                    "type": "multi_choice",
                    "required": False,
                    "choices": ["a", "b"],
                },
            ],
        )  # fmt: skip
    )
    for number in range(3):
        make_ticket(subject=f"Pothole {number}", category=streets, requester=resident)
    article = kb.create_article(kb.ArticleText(title="Report a pothole", body="Use the form."),
                                actor=admin)  # fmt: skip
    kb.publish(article, actor=admin)
    db.session.commit()
    app.config["FUZZ_TOKEN"] = token_for(admin)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture(autouse=True)
def report_calls():
    """Print the calls made so far (with -s), after each run: the long run's figures."""
    yield
    total = sum(CALLS.values())
    print(f"\nschemathesis: {total} calls so far; by status: {dict(sorted(CALLS.items()))}")


# Ids of rows the fixture made, so generated calls also reach past "not found".
EXISTING = {
    "ticket_id": 1,
    "attachment_id": 1,
    "article_id": 1,
    "category_id": 1,
    "item_id": 1,
    "user_id": 2,
    "team_id": 1,
}


@pytest.mark.parametrize(
    ("mode", "existing"),
    [
        (GenerationMode.POSITIVE, False),
        (GenerationMode.POSITIVE, True),
        (GenerationMode.NEGATIVE, False),
    ],
    ids=["positive", "positive-existing-ids", "negative"],
)
def test_api_answers_every_generated_call_as_documented(app, api_schema, mode, existing):
    """Each operation gets EXAMPLES generated calls that fit the document (positive; also with
    ids that exist) and as many that break it (negative: those must be refused with a 4xx)."""
    # (Driven by hand: schemathesis' pytest plugin does not run on pytest 9 yet.)
    headers = {"Authorization": f"Bearer {app.config['FUZZ_TOKEN']}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 25

    failures = []
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        if existing and not names:
            continue
        fixed = {name: EXISTING[name] for name in names} if existing else None
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.generate],  # no shrinking: a failure is reported as found
        )
        def call(case):
            # Valid-looking input may still be refused for reasons no schema states (a status
            # the lifecycle forbids, an id that names nothing): 4xx problems, not failures.
            response = case.call_and_validate(
                headers=headers, excluded_checks=[positive_data_acceptance]
            )
            CALLS[response.status_code] += 1

        try:
            call()
        except Unsatisfiable:
            assert mode == GenerationMode.NEGATIVE  # nothing to break (no parameters, no body)
        except Exception as error:  # noqa: BLE001  (go on: report every operation's failure)
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)

"""Schemathesis over the curators' endpoints (facts, entities, attribute values, the audit log), as a
curator with a token made by the real `createcurator`: the part test_schemathesis.py leaves out.

Bounded like that one (fixed seed, derandomized, a few examples per operation, positive and negative
data, every check) so it stays a minute or two in CI. The writes change the seeded graph; the fixture
reloads it for the next test (its version says so).
"""

import os

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from rest_framework.authtoken.models import Token

import tests.api.schemathesis_hooks  # noqa: F401 - registers the hooks (domain refusals, made-up cursors)
from tests.api.schemathesis_hooks import BOUNDED

CURATION = r"^/api/v1/(facts|entities|audit|attribute-values)"

schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    get_wsgi_application(),
    config=schemathesis.Config.from_dict(
        {
            "seed": 20261208,
            "generation": {"mode": "all"},
            "phases": {"coverage": {"enabled": False}},
            # A made-up If-Match is schema-valid and stale: 412 is the right answer to it.
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "412", "429"]
                },
                # A parameter over its maxLength can make the URL longer than the API answers (414).
                "negative_data_rejection": {
                    "expected-statuses": [
                        "400",
                        "401",
                        "403",
                        "404",
                        "405",
                        "406",
                        "409",
                        "414",
                        "415",
                        "422",
                        "428",
                        "429",
                    ]
                },
            },
        }
    ),
).include(path_regex=CURATION)


@pytest.fixture
def curator_token(db, monkeypatch) -> str:
    monkeypatch.setenv("CURATOR_PASSWORD", "schemathesis-curator-42")
    call_command("createcurator", "st-curator", "--no-input", stdout=open(os.devnull, "w"))
    user = get_user_model().objects.get(username="st-curator")
    return Token.objects.get_or_create(user=user)[0].key


@schema.parametrize()
@BOUNDED
def test_every_curation_operation_honours_its_schema(case, seeded, unthrottled, _connections_stay_open, curator_token):
    case.call_and_validate(headers={"Authorization": f"Token {curator_token}"})

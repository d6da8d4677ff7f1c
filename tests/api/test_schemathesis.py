"""Property-based tests from the API's own OpenAPI schema (Schemathesis), positive and negative data.

Bounded and repeatable for CI: a fixed seed, a dozen fuzzed examples per operation (positive and
negative), derandomized Hypothesis, in-process over WSGI against the real Neo4j and a seeded graph.
Every check runs: no 5xx, status codes, content types, headers and bodies as documented, bad input
refused, good input accepted. Schemathesis' exhaustive coverage phase is left to the long run
against a live server (its command is in the README's API section).
"""

import pytest
import schemathesis
from django.contrib.auth.models import Group, User
from django.core.wsgi import get_wsgi_application
from rest_framework.authtoken.models import Token

import tests.api.schemathesis_hooks  # noqa: F401 - registers the made-up-cursor filter
from api.permissions import CURATORS_GROUP
from tests.api.schemathesis_hooks import BOUNDED

# The curators' write endpoints belong to their own suite; everything else is under test here.
_EXCLUDED = r"^/api/v1/(facts|entities|audit|attribute-values)"


# Loaded when the module is collected: the schema view needs neither database.
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    get_wsgi_application(),
    config=schemathesis.Config.from_dict(
        {"seed": 20240601, "generation": {"mode": "all"}, "phases": {"coverage": {"enabled": False}}}
    ),
).exclude(path_regex=_EXCLUDED)


@schema.parametrize()
@BOUNDED
def test_every_operation_honours_its_schema(case, seeded, unthrottled, _connections_stay_open, curator_token):
    case.call_and_validate(headers={"Authorization": f"Token {curator_token}"})


@pytest.fixture
def curator_token(db) -> str:
    """POST /documents is tested as a curator (anonymous 401s are covered in test_submissions)."""
    user = User.objects.create_user(username="schemathesis", password="not-used-here-9")
    user.groups.add(Group.objects.get_or_create(name=CURATORS_GROUP)[0])
    return Token.objects.create(user=user).key

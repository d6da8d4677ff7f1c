"""API test fixtures: a small graph loaded through the services, clients, a curator with a token."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kg import repository, selectors, services
from tests.factories import document

# Two documents about two lineages, and a third, low-confidence one whose fact stays proposed.
DOC_A = document(
    "doc-a",
    [
        ("instructgpt", "FINE_TUNES", "gpt-3"),
        ("chatgpt", "FINE_TUNES", "instructgpt"),
        ("gpt-3", "DEVELOPED_BY", "openai"),
        ("instructgpt", "DEVELOPED_BY", "openai"),
        ("instructgpt", "USES", "rlhf"),
        ("gpt-3", "INTRODUCED_IN", "gpt-3-paper"),
    ],
    attributes=(
        ("gpt-3", "parameters", 175_000_000_000),
        ("gpt-3", "released", "2020-05"),
        ("instructgpt", "released", "2022-01"),
        ("chatgpt", "released", "2022-11"),
    ),
)
DOC_B = document(
    "doc-b",
    [
        ("alpaca", "FINE_TUNES", "llama"),
        ("vicuna", "FINE_TUNES", "llama"),
        ("gopher", "USES", "rmsnorm"),
        ("gopher", "DEVELOPED_BY", "deepmind"),
        ("gopher", "TRAINED_ON", "massivetext"),
    ],
    attributes=(
        ("llama", "parameters", 65_000_000_000),
        ("llama", "released", "2023-02"),
        ("gopher", "parameters", 280_000_000_000),
        ("gopher", "released", "2021-12"),
        ("alpaca", "released", "2023-03"),
    ),
)
DOC_C = document("doc-c", [("vicuna", "DERIVED_FROM", "alpaca")], confidence=0.5)

MODELS = ["alpaca", "chatgpt", "gopher", "gpt-3", "instructgpt", "llama", "vicuna"]


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


_seeded_version: list[str | None] = [None]


@pytest.fixture
def seeded(graph_schema, db):
    """The three documents' graph. Loading it is the slow part of a test, so it is reloaded only
    when the graph's version says someone changed it since (every write and wipe moves it)."""
    if _seeded_version[0] is None or selectors.graph_state().version != _seeded_version[0]:
        repository.wipe()
        for doc in (DOC_A, DOC_B, DOC_C):
            services.document_load(doc=doc)
        _seeded_version[0] = selectors.graph_state().version
    return repository


@pytest.fixture
def client(db) -> APIClient:
    return APIClient()


@pytest.fixture
def api(seeded, client) -> APIClient:
    return client


def _user_client(username: str, *, curator: bool) -> APIClient:
    user = User.objects.create_user(username=username, password="not-used-here-9")
    if curator:
        group, _ = Group.objects.get_or_create(name="curators")
        user.groups.add(group)
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def curator(db) -> APIClient:
    return _user_client("curator", curator=True)


@pytest.fixture
def reader(db) -> APIClient:
    """Signed in, but not a curator."""
    return _user_client("reader", curator=False)


def error_of(response) -> dict:
    """The uniform error body, asserting its shape on the way."""
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "detail"} <= set(body["error"]), body
    return body["error"]


@pytest.fixture
def _connections_stay_open():
    """For Schemathesis over WSGI: the app closes DB connections after each request; the test's
    transaction must survive (Django's own test client disconnects the same handlers)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}

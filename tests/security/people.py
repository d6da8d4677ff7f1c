"""Who knocks, as pytest fixtures: a curator made by the real `createcurator` command, a signed-in
user without curation rights, and a stranger; API clients with tokens, browsers with sessions."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

CURATOR_PASSWORD = "curate-the-graph-42"
READER_PASSWORD = "just-reading-here-42"


@pytest.fixture
def curator_user(db, monkeypatch):
    monkeypatch.setenv("CURATOR_PASSWORD", CURATOR_PASSWORD)
    with open(os.devnull, "w") as quiet:
        call_command("createcurator", "cura", "--email", "cura@example.org", "--no-input", stdout=quiet)
    return get_user_model().objects.get(username="cura")


@pytest.fixture
def reader_user(db):
    """Signed in and staff (so the admin lets them in), but without any curation permission."""
    return get_user_model().objects.create_user(username="reader", password=READER_PASSWORD, is_staff=True)


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def curator_api(curator_user) -> APIClient:
    return token_client(curator_user)


@pytest.fixture
def reader_api(reader_user) -> APIClient:
    return token_client(reader_user)


@pytest.fixture
def curator_browser(curator_user) -> Client:
    """A signed-in browser session that enforces CSRF like a real browser would meet it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator_user)
    return client

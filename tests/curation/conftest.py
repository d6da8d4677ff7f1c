"""Curators for the curation tests: made by the real `createcurator` command."""

import os

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.brokers import broker_writes_to, producing_to

CURATOR_PASSWORD = "curate-the-graph-42"


@pytest.fixture
def curator(db, monkeypatch):
    monkeypatch.setenv("CURATOR_PASSWORD", CURATOR_PASSWORD)
    call_command("createcurator", "cura", "--email", "cura@example.org", "--no-input", stdout=open(os.devnull, "w"))
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="cura")


@pytest.fixture
def api(curator) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=curator)[0].key}")
    return client


@pytest.fixture
def admin_client(client, curator):
    """Django's test client signed in as the curator (the admin, as a curator uses it)."""
    assert client.login(username="cura", password=CURATOR_PASSWORD)
    return client


@pytest.fixture
def broker_down():
    """Send the Celery app's writes to a port nothing listens on: a real refused connection, not a mock.
    Jobs stay queued, so no stray task reaches a later test's worker.

    Yields a function that brings the broker back (the app then writes to the real one again).
    """
    with producing_to("redis://127.0.0.1:1/0"):
        yield lambda: broker_writes_to(None)

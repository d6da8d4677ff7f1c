"""Curators for the curation tests: made by the real `createcurator` command."""

import os

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

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

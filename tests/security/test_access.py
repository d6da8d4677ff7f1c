"""Who may write: every API write operation (from the OpenAPI schema) refuses strangers (401) and
signed-in users without the curator permission (403), the admin's curation screens do too, forms
need their CSRF token, and anonymous and per-user API traffic is throttled with 429 + Retry-After."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from curation.models import AuditEntry
from ingest.models import Submission
from kg import services
from tests.api.conftest import DOC_A
from tests.reliability.graph import fingerprint
from tests.security.people import (  # noqa: F401 - fixtures
    curator_browser,
    curator_user,
    reader_api,
    reader_user,
    token_client,
)

VALID_PATH = {"key": "gpt-3", "entry_id": "1", "job_id": "1", "label_slug": "models"}
WRITE_METHODS = ("post", "put", "patch", "delete")


def _write_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        url = re.sub(r"\{(\w+)\}", lambda m: VALID_PATH[m[1]], path)
        found += [(method, url) for method in WRITE_METHODS if method in operations]
    return found


@pytest.fixture
def loaded(graph, db):
    cache.clear()
    services.document_load(doc=DOC_A)
    AuditEntry.objects.create(action=AuditEntry.Action.FACT_ACCEPT, target_kind="fact", target_key="x")
    return fingerprint()


def test_every_api_write_needs_a_signed_in_curator(loaded, reader_api):  # noqa: F811
    operations = _write_operations()
    assert len(operations) >= 9
    stranger = APIClient()
    for method, url in operations:
        anonymous = getattr(stranger, method)(url, {}, format="json")
        assert anonymous.status_code == 401, (method, url, anonymous.status_code)
        assert anonymous.json()["error"]["code"] == "not_authenticated" and anonymous["WWW-Authenticate"]
        signed_in = getattr(reader_api, method)(url, {}, format="json")
        assert signed_in.status_code == 403, (method, url, signed_in.status_code)
    assert fingerprint() == loaded and Submission.objects.count() == 0


ADMIN_WRITES = [
    ("get", "/admin/ingest/submission/add/"),
    ("post", "/admin/ingest/submission/add/"),
    ("get", "/admin/curation/curatedentity/add/"),
    ("post", "/admin/curation/curatedentity/add/"),
    ("post", "/admin/curation/curatedentity/merge/"),
    ("post", "/admin/curation/curatedentity/gpt-3/"),
    ("get", "/admin/curation/reviewedfact/new/"),
    ("post", "/admin/curation/reviewedfact/"),
    ("post", "/admin/curation/reviewedfact/instructgpt|FINE_TUNES|gpt-3/"),
    ("post", "/admin/curation/auditentry/1/revert/"),
]


@pytest.mark.parametrize(("method", "url"), ADMIN_WRITES)
def test_admin_curation_screens_need_the_permission(loaded, reader_user, method, url):  # noqa: F811
    stranger = Client()
    response = getattr(stranger, method)(url, {"survivor": "gpt-3", "other": "instructgpt", "name": "X"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"], response.status_code
    staff = Client()
    staff.force_login(reader_user)
    response = getattr(staff, method)(url, {"survivor": "gpt-3", "other": "instructgpt", "name": "X"})
    assert response.status_code == 403, (method, url, response.status_code)
    assert fingerprint() == loaded and Submission.objects.count() == 0


def _csrf_token(client: Client, url: str) -> str:
    client.get(url)
    return client.cookies["csrftoken"].value


def test_admin_forms_need_their_csrf_token(loaded, curator_browser):  # noqa: F811
    form = {"title": "CSRF probe", "text": "GPT-3 was developed by OpenAI.", "language": "", "arxiv_id": ""}
    refused = curator_browser.post("/admin/ingest/submission/add/", form)
    assert refused.status_code == 403 and Submission.objects.count() == 0
    token = _csrf_token(curator_browser, "/admin/ingest/submission/add/")
    accepted = curator_browser.post("/admin/ingest/submission/add/", {**form, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302 and Submission.objects.get().title == "CSRF probe"


def test_the_language_switch_needs_its_csrf_token(db):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/i18n/setlang/", {"language": "de", "next": "/"}).status_code == 403
    token = _csrf_token(browser, "/")
    switched = browser.post("/i18n/setlang/", {"language": "de", "next": "/", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


def test_session_signed_api_writes_need_the_csrf_header(loaded, curator_browser):  # noqa: F811
    body = {"text": "GPT-3 was developed by OpenAI."}
    refused = curator_browser.post("/api/v1/documents", body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
    token = _csrf_token(curator_browser, "/admin/")
    accepted = curator_browser.post("/api/v1/documents", body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 202 and Submission.objects.count() == 1


def _throttled(response) -> None:
    assert response.status_code == 429, response.status_code
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "throttled"


def test_anonymous_api_traffic_is_throttled_with_retry_after(loaded, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": ""}}
    stranger = APIClient()
    assert [stranger.get("/api/v1/models").status_code for _ in range(3)] == [200, 200, 200]
    _throttled(stranger.get("/api/v1/search", {"q": "gpt"}))
    someone = get_user_model().objects.create_user(username="someone", password="irrelevant-pw-42")
    assert token_client(someone).get("/api/v1/models").status_code == 200  # signed-in users count on their own


def test_signed_in_api_traffic_is_throttled_per_user(loaded, settings, reader_user):  # noqa: F811
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "", "user": "2/minute"}}
    client = token_client(reader_user)
    assert [client.get("/api/v1/models").status_code for _ in range(2)] == [200, 200]
    _throttled(client.get("/api/v1/models"))

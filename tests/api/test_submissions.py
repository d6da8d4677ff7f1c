"""Document submission over REST: auth, permission, size limits, and the job a real worker runs."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.celery import app as celery_app
from ingest.models import Submission
from tests.api.conftest import error_of

ARTICLE = """# Orca-Mini

Orca-Mini is a model developed by Example Labs. Orca-Mini is fine-tuned from LLaMA.
"""


def test_anonymous_submission_is_401(client):
    response = client.post("/api/v1/documents", {"text": ARTICLE}, format="json")
    assert response.status_code == 401 and error_of(response)["code"] == "not_authenticated"
    assert "Token" in response["WWW-Authenticate"]


def test_a_user_without_the_curator_permission_is_403(reader):
    response = reader.post("/api/v1/documents", {"text": ARTICLE}, format="json")
    assert response.status_code == 403 and error_of(response)["code"] == "permission_denied"


def test_the_add_submission_permission_is_enough(db):
    user = User.objects.create_user(username="ingester", password="not-used-here-9")
    user.user_permissions.add(Permission.objects.get(codename="add_submission"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.post("/api/v1/documents", {"text": ARTICLE}, format="json").status_code == 202


def test_json_submission_is_202_with_the_job_location(curator):
    response = curator.post(
        "/api/v1/documents",
        {"text": ARTICLE, "title": "Orca note", "language": "en", "arxiv_id": "arXiv:2306.02707"},
        format="json",
    )
    assert response.status_code == 202
    job = response.json()
    assert response["Location"] == job["url"] == f"/api/v1/jobs/{job['id']}"
    assert job["state"] == "queued" and job["error"] is None and job["document"] is None
    stored = Submission.objects.get(pk=job["id"])
    assert bytes(stored.content) == ARTICLE.encode() and stored.arxiv_id == "2306.02707"
    assert stored.created_by.username == "curator"
    assert curator.get(job["url"]).json()["id"] == job["id"]


def test_multipart_file_upload(curator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("orca.md", ARTICLE.encode("utf-16"), content_type="text/markdown")
    response = curator.post("/api/v1/documents", {"file": upload, "title": "Orca"}, format="multipart")
    assert response.status_code == 202
    stored = Submission.objects.get(pk=response.json()["id"])
    assert stored.filename == "orca.md" and bytes(stored.content) == ARTICLE.encode("utf-16")


def test_oversize_documents_are_413(curator, settings):
    settings.INGEST_MAX_BYTES = 100
    response = curator.post("/api/v1/documents", {"text": "x" * 101}, format="json")
    assert response.status_code == 413 and error_of(response)["code"] == "input_too_large"
    settings.API_MAX_BODY_BYTES = 1000
    response = curator.post("/api/v1/documents", {"text": "x" * 2000}, format="json")
    assert response.status_code == 413 and error_of(response)["code"] == "input_too_large"
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"title": "only a title"},
        {"text": "ok", "language": "not a language!"},
        {"text": "ok", "arxiv_id": "not-an-id"},
        {"text": "ok", "title": "t" * 301},
    ],
)
def test_bad_submissions_are_400(curator, body):
    response = curator.post("/api/v1/documents", body, format="json")
    assert response.status_code == 400, response.content
    error_of(response)
    assert Submission.objects.count() == 0


def test_malformed_json_is_400(curator):
    response = curator.post("/api/v1/documents", b'{"text": "unterminated', content_type="application/json")
    assert response.status_code == 400 and error_of(response)["code"] == "parse_error"


def test_jobs_need_a_curator_and_an_existing_id(client, reader, curator):
    assert client.get("/api/v1/jobs/1").status_code == 401
    assert reader.get("/api/v1/jobs/1").status_code == 403
    assert curator.get("/api/v1/jobs/1").status_code == 404
    assert curator.get("/api/v1/jobs/" + "9" * 40).status_code == 404


@pytest.fixture
def worker(graph, transactional_db):
    with start_worker(celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=30):
        yield


def test_a_submitted_document_is_ingested_and_its_job_reports(worker, curator):
    job = curator.post("/api/v1/documents", {"text": ARTICLE, "title": "Orca note"}, format="json").json()
    deadline = time.monotonic() + 120
    while (state := curator.get(job["url"]).json())["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, state
        time.sleep(0.3)
    assert state["state"] == "done" and state["progress"] == 1.0 and state["error"] is None
    assert state["report"] and state["document"]["url"] == f"/api/v1/documents/{state['document']['key']}"
    document = curator.get(state["document"]["url"]).json()
    assert document["title"] == "Orca note" and document["text"].startswith("# Orca-Mini")


def test_a_failed_job_says_why(worker, curator):
    # Stored before the checks at the door existed (they refuse a PNG now): the worker still says why.
    from ingest.submissions import submission_enqueue

    stored = Submission.objects.create(content=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), title="image")
    submission_enqueue(submission_id=stored.pk)
    job = curator.get(f"/api/v1/jobs/{stored.pk}").json()
    deadline = time.monotonic() + 60
    while (state := curator.get(job["url"]).json())["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, state
        time.sleep(0.3)
    assert state["state"] == "failed" and state["error"]["code"] and state["error"]["message"]


def test_json_nested_beyond_the_stack_is_400(curator):
    response = curator.post("/api/v1/documents", b"[" * 200_000, content_type="application/json")
    assert response.status_code == 400 and error_of(response)["code"] == "parse_error"

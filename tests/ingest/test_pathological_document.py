"""A 5 MB document of one sentence repeated goes through the real worker and pipeline on the queue for
big documents, is stored as a handful of claims, and afterwards every page, admin page and API answer
it touches is a 200 with its evidence paged (issue 15: it used to break them with Neo4j's
MemoryPoolOutOfMemoryError)."""

import time
from urllib.parse import quote

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from bench.pathological import RESTATED, SENTENCE, pathological_text
from config.celery import app as celery_app
from ingest.models import Submission
from ingest.submissions import submission_create
from kg.text import fact_key

KEY = fact_key("qwen-2-math", "FINE_TUNES", "qwen-2-72b")


@pytest.fixture
def worker(graph, transactional_db):
    with start_worker(celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=60):
        yield


def _done(submission: Submission, seconds: float) -> Submission:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        submission.refresh_from_db()
        if submission.state in (Submission.State.DONE, Submission.State.FAILED):
            return submission
        time.sleep(1)
    raise AssertionError(f"still {submission.state} ({submission.stage}) after {seconds}s")


def _ok(client, path: str, **params):
    response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    return response


def test_a_5_mb_repeated_sentence_is_a_few_claims_and_breaks_no_page(
    worker, admin_client, client, django_capture_on_commit_callbacks
):
    content, times = pathological_text(max_bytes=settings.INGEST_MAX_BYTES)
    assert settings.INGEST_BIG_BYTES < len(content) <= settings.INGEST_MAX_BYTES
    with django_capture_on_commit_callbacks(execute=True):
        submission = submission_create(content=content, title="Qwen2-Math, again and again")
    done = _done(submission, seconds=900)
    assert done.state == Submission.State.DONE, (done.error_code, done.error_message)
    assert done.queue == settings.INGEST_BIG_QUEUE and done.progress == 1.0
    report = done.extraction_report
    cap = settings.INGEST_MAX_CLAIMS_PER_FACT_PER_DOCUMENT
    assert report.statements_repeated == times - 1 and report.statements_over_cap == RESTATED + 1 - cap

    fact = _ok(client, f"/api/v1/facts/{quote(KEY)}").json()
    assert fact["evidence_count"] == cap and len(fact["evidence"]) == cap  # capped: not one claim per repetition
    listed, url = [], fact["evidence_url"] + "?limit=7"
    while url:  # paged
        page = _ok(client, url).json()
        assert len(page["results"]) <= 7
        listed += page["results"]
        url = page["next"]
    assert len(listed) == cap and listed[0]["quote"] == SENTENCE.strip()

    for path in (
        "/models/qwen-2-math",
        "/models/qwen-2-72b",
        "/api/v1/models/qwen-2-math",
        "/api/v1/models/qwen-2-72b/evidence",
        "/api/v1/relations",
        f"/documents/{done.document_key}",
        f"/api/v1/documents/{done.document_key}",
    ):
        _ok(client, path)
    html = _ok(admin_client, f"/admin/curation/reviewedfact/{quote(KEY)}/").content.decode()
    assert f"({cap} statements)" in html
    for path, params in (
        ("/admin/curation/curatedentity/qwen-2-math/", {}),
        ("/admin/curation/reviewedfact/", {"document": done.document_key}),
        (f"/admin/ingest/submission/{submission.pk}/change/", {}),
        ("/admin/ingest/submission/", {}),
        (f"/api/v1/jobs/{submission.pk}", {}),
    ):
        _ok(admin_client, path, **params)

"""A stored submission is ingested by a real Celery worker over the real Redis broker."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app
from ingest.models import Submission
from ingest.submissions import submission_create
from kg import selectors

ARTICLE = """# Orca-Mini

Orca-Mini is a model developed by Example Labs. Orca-Mini is fine-tuned from LLaMA.
It has 7B parameters.
"""


@pytest.fixture
def worker(graph, transactional_db):
    with start_worker(celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=30):
        yield


def _wait_until_finished(submission_id: int, seconds: float = 120.0) -> Submission:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        submission = Submission.objects.get(pk=submission_id)
        if submission.state in (Submission.State.DONE, Submission.State.FAILED):
            return submission
        time.sleep(0.2)
    raise AssertionError(f"submission {submission_id} still {submission.state} after {seconds}s")


def test_submission_is_ingested_by_the_worker(worker):
    submission = submission_create(content=ARTICLE.encode(), title="Orca-Mini note", language="")
    done = _wait_until_finished(submission.pk)
    assert done.state == Submission.State.DONE, (done.error_code, done.error_message)
    assert done.progress == 1.0 and done.report
    document = selectors.document_get(key=submission.document_key)
    assert document.title == "Orca-Mini note"
    assert selectors.entity_get(key="llama").label == "Model"


def test_unreadable_submission_fails_with_a_reason(worker):
    submission = submission_create(content=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), title="image")
    done = _wait_until_finished(submission.pk)
    assert done.state == Submission.State.FAILED
    assert done.error_code and done.error_message
    assert selectors.graph_counts()["documents"] == 0

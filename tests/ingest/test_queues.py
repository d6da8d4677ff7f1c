"""Big documents go to their own queue (tests/reliability/test_queues.py runs workers on them); a
queued job says how many jobs it waits behind."""

import pytest
from django.urls import reverse

from config.celery import app as celery_app
from ingest.models import Submission
from ingest.submissions import submission_create, submission_waiting_behind

SMALL = b"# Orca-Mini\n\nOrca-Mini is a model developed by Example Labs. Orca-Mini is fine-tuned from LLaMA.\n"
BIG = SMALL + b"\n" + b"Orca-Mini was evaluated on many reading tasks and did well.\n" * 10


@pytest.fixture
def big_over_200_bytes(settings):
    settings.INGEST_BIG_BYTES = 200
    assert len(SMALL) <= 200 < len(BIG)


def _submitted(content: bytes, title: str, capture) -> Submission:
    with capture(execute=True):  # enqueued after commit, as a request's would be
        return submission_create(content=content, title=title)


def _waiting(settings) -> tuple[int, int]:
    """Messages on the broker: (small queue, big queue)."""
    with celery_app.connection_for_write() as connection:
        channel = connection.default_channel
        names = (settings.INGEST_QUEUE, settings.INGEST_BIG_QUEUE)
        return tuple(channel.queue_declare(name).message_count for name in names)


def test_documents_are_queued_by_size(db, big_over_200_bytes, settings, django_capture_on_commit_callbacks):
    celery_app.control.purge()
    small = _submitted(SMALL, "small", django_capture_on_commit_callbacks)
    assert _waiting(settings) == (1, 0)
    big = _submitted(BIG, "big", django_capture_on_commit_callbacks)
    assert _waiting(settings) == (1, 1)  # on its own queue only
    small.refresh_from_db(), big.refresh_from_db()
    assert (small.queue, big.queue) == (settings.INGEST_QUEUE, settings.INGEST_BIG_QUEUE)
    celery_app.control.purge()  # no later test's worker should meet these


def test_a_queued_job_says_how_many_jobs_it_waits_behind(db, admin_client, settings):
    def job(state: str, queue: str, title: str) -> Submission:
        return Submission.objects.create(content=SMALL, title=title, state=state, queue=queue)

    job(Submission.State.RUNNING, settings.INGEST_BIG_QUEUE, "big and running")
    job(Submission.State.QUEUED, settings.INGEST_BIG_QUEUE, "big, queued first")  # another queue
    job(Submission.State.QUEUED, settings.INGEST_QUEUE, "small, queued first")
    job(Submission.State.DONE, settings.INGEST_QUEUE, "small, done")
    mine = job(Submission.State.QUEUED, settings.INGEST_QUEUE, "mine")
    assert submission_waiting_behind(submission=mine) == 2  # the running job and the small one before it
    listing = admin_client.get(reverse("admin:ingest_submission_changelist")).content.decode()
    assert "waiting behind 2 jobs" in listing
    assert "waiting behind 1 job · queue for large documents" in listing
    job_api = admin_client.get(f"/api/v1/jobs/{mine.pk}").json()
    assert job_api["waiting_behind"] == 2 and job_api["queue"] == settings.INGEST_QUEUE

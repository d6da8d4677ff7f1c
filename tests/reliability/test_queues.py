"""Worker processes started as `make run` and docker-compose start them: a worker for small documents
(`-Q ingest`) never takes a big one, so a small job never waits behind it; the worker for both queues
(`-Q ingest,ingest-big`) runs the big one alone."""

import pytest

from ingest.models import Submission
from ingest.submissions import submission_create, submission_waiting_behind
from tests.reliability.services import running_worker, wait_until, worker_env

SMALL = b"# Orca-Mini\n\nOrca-Mini is a model developed by Example Labs. Orca-Mini is fine-tuned from LLaMA.\n"
BIG = SMALL + b"\n" + b"Orca-Mini was evaluated on many reading tasks and did well.\n" * 10


@pytest.fixture
def workers_env(graph, transactional_db, broker, settings):
    settings.INGEST_BIG_BYTES = 200  # where this process routes; the workers only consume
    assert len(SMALL) <= 200 < len(BIG)
    return worker_env(CELERY_BROKER_URL=broker.url, KG_WARM_AT_START="0")


def _finished(submission: Submission) -> Submission | None:
    submission.refresh_from_db()
    return submission if submission.state in (Submission.State.DONE, Submission.State.FAILED) else None


def test_a_small_job_does_not_wait_behind_a_big_one_and_one_worker_runs_both(workers_env, worker_log, settings):
    big = submission_create(content=BIG, title="big")
    small = submission_create(content=SMALL, title="small")
    with running_worker(env=workers_env, log=worker_log, queues=(settings.INGEST_QUEUE,)) as worker:
        done = wait_until(lambda: _finished(small), timeout=600, what="the small job")
        assert done.state == Submission.State.DONE, done.error_message
        wait_until(lambda: "succeeded in" in worker.text(), timeout=60, what="the worker's log line")
    big.refresh_from_db()
    assert big.state == Submission.State.QUEUED and big.queue == settings.INGEST_BIG_QUEUE
    assert submission_waiting_behind(submission=big) == 0
    both = (settings.INGEST_QUEUE, settings.INGEST_BIG_QUEUE)
    with running_worker(env=workers_env, log=worker_log, queues=both):
        done = wait_until(lambda: _finished(big), timeout=600, what="the big job")
    assert done.state == Submission.State.DONE, done.error_message

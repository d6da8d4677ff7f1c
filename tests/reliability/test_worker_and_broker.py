"""Real worker subprocesses and a real broker, broken on purpose: a job whose worker is SIGKILLed is
delivered again (late ack) and finishes once; a submission made while the broker is down is saved
and sent by `manage.py ingest_requeue` once the broker is back. Nothing is lost or stored twice."""

import pytest
from django.core.management import call_command

from ingest.models import Submission
from ingest.services import document_ingest
from ingest.submissions import WAITING_FOR_BROKER, submission_create
from kg import selectors
from tests.reliability.graph import duplicates
from tests.reliability.services import running_worker, wait_until, worker_env

# Short, so a job abandoned by a dead worker comes back within the test (the default is an hour).
VISIBILITY_SECONDS = 15


def _state(submission_id: int) -> Submission:
    return Submission.objects.get(pk=submission_id)


def _running(submission_id: int) -> Submission | None:
    job = _state(submission_id)
    return job if job.state == Submission.State.RUNNING else None


def _finished(submission_id: int) -> Submission | None:
    job = _state(submission_id)
    return job if job.state in (Submission.State.DONE, Submission.State.FAILED) else None


def _logged_success(worker) -> str | None:
    """The worker's log once it holds Celery's "succeeded in" line, which follows the task's last write."""
    text = worker.text()
    return text if "succeeded in" in text else None


def assert_complete_once(job: Submission, article: bytes) -> None:
    """Done, stored once, and whole: ingesting the same bytes again changes nothing."""
    assert job.state == Submission.State.DONE, (job.error_code, job.error_message)
    assert selectors.graph_counts()["documents"] == 1 and duplicates() == []
    again = document_ingest(source=article, key=job.document_key, title=job.title)
    assert again.load is not None and not again.load.changed


@pytest.fixture
def workers_env(graph, transactional_db, broker):
    return worker_env(CELERY_BROKER_URL=broker.url)


def test_pool_process_killed_mid_job_is_redelivered_and_finishes_once(workers_env, worker_log, long_article):
    """reject_on_worker_lost: the main process sees its pool process die and puts the job back at once;
    the replacement process warms up (within the alive timeout) and runs it."""
    with running_worker(env=workers_env, log=worker_log) as worker:
        job = submission_create(content=long_article, title="killed mid-job")
        wait_until(lambda: _running(job.pk), timeout=600, what="the job to start", every=0.05)
        worker.kill_child()
        done = wait_until(lambda: _finished(job.pk), timeout=900, what="the redelivered job to finish")
        # The task stores its state before Celery logs its success line: wait for the line too.
        log = wait_until(lambda: _logged_success(worker), timeout=60, what="the worker to log the success")
    assert "WorkerLostError" in log and "Timed out waiting for UP message" not in log, log[-3000:]
    assert done.attempts == 2 and log.count("succeeded in") == 1
    assert_complete_once(done, long_article)


def test_whole_worker_killed_mid_job_is_redelivered_to_the_next_worker(workers_env, worker_log, long_article):
    """Late ack: the killed worker never acked, so after the visibility timeout the broker hands the
    job to the next worker. A copy delivered again after it finished is a no-op (attempts stay 2)."""
    short = {**workers_env, "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS)}
    with running_worker(env=short, log=worker_log) as first:
        job = submission_create(content=long_article, title="worker killed")
        wait_until(lambda: _running(job.pk), timeout=600, what="the job to start", every=0.05)
        first.kill()
    assert _state(job.pk).state == Submission.State.RUNNING  # nobody acked it, nobody finished it
    with running_worker(env=short, log=worker_log) as second:
        done = wait_until(lambda: _finished(job.pk), timeout=900, what="the abandoned job to come back")
        wait_until(lambda: _logged_success(second), timeout=60, what="the next worker to log the success")
    assert done.attempts == 2
    assert_complete_once(done, long_article)


def test_submission_while_the_broker_is_down_is_kept_and_sent_when_it_is_back(
    graph, transactional_db, broker, worker_log, curator_api, client
):
    broker.ctl("stop")
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["down"] == ["broker"]
    article = b"Orca-Mini is a model developed by Example Labs. Orca-Mini is fine-tuned from LLaMA.\n"
    response = curator_api.post("/api/v1/documents", {"text": article.decode(), "title": "while down"}, format="json")
    assert response.status_code == 202
    job = _state(response.json()["id"])
    assert job.state == Submission.State.QUEUED and job.stage == WAITING_FOR_BROKER and bytes(job.content) == article
    with pytest.raises(Exception, match="refused"):
        call_command("ingest_requeue", "--older-than", "0")  # still down: says so, keeps the job
    assert _state(job.pk).stage == WAITING_FOR_BROKER

    broker.ctl("start")
    with running_worker(env=worker_env(CELERY_BROKER_URL=broker.url), log=worker_log):
        call_command("ingest_requeue", "--older-than", "0")
        done = wait_until(lambda: _finished(job.pk), timeout=600, what="the kept submission to be ingested")
    assert done.state == Submission.State.DONE and done.attempts == 1, (done.error_code, done.error_message)
    assert selectors.document_get(key=done.document_key).title == "while down"
    assert duplicates() == []

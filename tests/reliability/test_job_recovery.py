"""Stranded jobs are recovered by the workers themselves (ingest/recovery.py), with a real broker and
real worker subprocesses: a message lost by a Redis `kill -9` is sent again, a job whose worker died
is sent again by that worker's restart or failed once overdue, and workers looking at the same time
send a job once."""

import threading

from django.conf import settings

from ingest.models import Submission
from ingest.recovery import WORKER_LOST, jobs_recover
from ingest.submissions import submission_create
from tests.reliability.services import running_worker, wait_until, worker_env
from tests.reliability.test_worker_and_broker import _finished, _running, _state, assert_complete_once

ARTICLE = b"Orca-Mini is a model developed by Example Labs. Orca-Mini is fine-tuned from LLaMA.\n"


def _queued_messages(broker) -> int:
    import redis

    client = redis.Redis.from_url(broker.url)
    return client.llen(settings.INGEST_QUEUE)


def test_a_message_lost_by_a_broker_kill_is_sent_again_by_a_starting_worker(
    graph, transactional_db, broker, worker_log
):
    job = submission_create(content=ARTICLE, title="lost by the broker")
    assert _state(job.pk).task_id and _queued_messages(broker) == 1  # sent, nobody consumed it
    broker.kill()  # no snapshot since: the message is gone
    broker.ctl("start")
    assert _queued_messages(broker) == 0 and _state(job.pk).state == Submission.State.QUEUED
    env = worker_env(CELERY_BROKER_URL=broker.url, INGEST_RESEND_AFTER_SECONDS="0")
    with running_worker(env=env, log=worker_log) as worker:
        done = wait_until(lambda: _finished(job.pk), timeout=600, what="the lost job to be sent again and run")
        log = worker.text()
    assert "the broker lost its message" in log, log[-3000:]
    assert done.attempts == 1
    assert_complete_once(done, ARTICLE)


def test_workers_looking_at_once_send_a_lost_job_once(graph, transactional_db, broker, settings):
    settings.INGEST_RESEND_AFTER_SECONDS = 0
    job = submission_create(content=ARTICLE, title="looked at by many")
    broker.kill()
    broker.ctl("start")
    outcomes, start = [], threading.Barrier(6)

    def look() -> None:
        start.wait()
        outcomes.append(jobs_recover())

    threads = [threading.Thread(target=look) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(pk for outcome in outcomes for pk in outcome.resent) == [job.pk]
    assert _queued_messages(broker) == 1
    assert jobs_recover().resent == ()  # held by the broker now: not sent again


def test_a_restarted_worker_sends_again_the_job_its_dead_process_held(
    graph, transactional_db, broker, worker_log, long_article
):
    """Without it the job showed "running" until the visibility timeout (an hour) brought it back."""
    env = worker_env(CELERY_BROKER_URL=broker.url)
    with running_worker(env=env, log=worker_log, name="all@%h") as first:
        job = submission_create(content=long_article, title="worker killed")
        wait_until(lambda: _running(job.pk), timeout=600, what="the job to start", every=0.05)
        first.kill()
    assert _state(job.pk).state == Submission.State.RUNNING
    with running_worker(env=env, log=worker_log, name="all@%h") as second:
        done = wait_until(lambda: _finished(job.pk), timeout=900, what="the dead worker's job to be run again")
        log = second.text()
    assert "died mid-job; sent it again" in log, log[-3000:]
    assert done.attempts == 2
    assert_complete_once(done, long_article)


def test_a_job_running_past_the_limit_on_a_dead_worker_fails_saying_why(
    graph, transactional_db, broker, worker_log, long_article
):
    env = worker_env(CELERY_BROKER_URL=broker.url)
    with running_worker(env=env, log=worker_log) as first:
        job = submission_create(content=long_article, title="worker killed for good")
        wait_until(lambda: _running(job.pk), timeout=600, what="the job to start", every=0.05)
        first.kill()
    overdue = {**env, "INGEST_JOB_DEAD_AFTER_SECONDS": "1", "INGEST_RECOVER_INTERVAL_SECONDS": "1"}
    with running_worker(env=overdue, log=worker_log):  # another worker's periodic look
        failed = wait_until(lambda: _finished(job.pk), timeout=120, what="the overdue job to be marked")
    assert failed.state == Submission.State.FAILED and failed.error_code == WORKER_LOST
    assert "The worker running this job stopped" in failed.error_message

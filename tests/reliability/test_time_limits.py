"""Task time limits (issue 16): a job that runs past the soft limit in a real worker fails with a
message saying how long it may take, not a traceback, and stores nothing; the system check refuses
a broker visibility timeout that a job could outlive."""

from django.core.checks import run_checks

from ingest.models import Submission
from ingest.submissions import submission_create
from ingest.tasks import ingest_submission
from kg import selectors
from tests.reliability.services import running_worker, wait_until, worker_env


def _limits(monkeypatch, *, soft: int | None, hard: int) -> None:
    """The limits this process's messages carry. Celery caches a task's send options at its first send
    (an earlier test's submission): clear the cache too, or the message keeps the shipped limits."""
    monkeypatch.setattr(ingest_submission, "soft_time_limit", soft)
    monkeypatch.setattr(ingest_submission, "time_limit", hard)
    monkeypatch.setattr(ingest_submission, "_exec_options", None)


def _finished(submission_id: int) -> Submission | None:
    job = Submission.objects.get(pk=submission_id)
    return job if job.state in (Submission.State.DONE, Submission.State.FAILED) else None


def test_a_job_past_the_soft_time_limit_fails_saying_so(
    graph, transactional_db, broker, worker_log, slow_article, monkeypatch
):
    env = worker_env(CELERY_BROKER_URL=broker.url, INGEST_SOFT_TIME_LIMIT="1", INGEST_HARD_TIME_LIMIT="120")
    # Celery sends the task's limits in the message: this process submits, so it has the worker's.
    _limits(monkeypatch, soft=1, hard=120)
    with running_worker(env=env, log=worker_log) as worker:
        # The limit's clock starts when the pool takes the job: submit once the pool process has
        # warmed up, or a 1 s limit runs out while the job waits for it and is never applied.
        wait_until(lambda: "warm-up:" in worker.text(), timeout=600, what="the pool process to warm up")
        job = submission_create(content=slow_article, title="too slow")
        done = wait_until(lambda: _finished(job.pk), timeout=600, what="the job to stop")
        log = worker.text()
    assert done.state == Submission.State.FAILED, (done.state, done.error_message)
    assert done.error_code == "too_slow"
    assert done.error_message.startswith("The job took longer than 1 s (INGEST_SOFT_TIME_LIMIT)")
    assert "Traceback" not in done.error_message and done.finished_at is not None
    assert selectors.graph_counts()["documents"] == 0
    assert "TimeLimitExceeded" not in log  # the soft limit stopped it, the hard one never had to


def test_a_visibility_timeout_shorter_than_the_hard_limit_is_an_error(settings):
    settings.INGEST_HARD_TIME_LIMIT = 960
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "visibility_timeout": 900}
    assert "ingest.E001" in [e.id for e in run_checks()]
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "visibility_timeout": 3600}
    assert "ingest.E001" not in [e.id for e in run_checks()]


def test_the_soft_limit_must_come_before_the_hard_one(settings):
    settings.INGEST_SOFT_TIME_LIMIT, settings.INGEST_HARD_TIME_LIMIT = 600, 600
    assert "ingest.E002" in [e.id for e in run_checks()]


def test_a_job_may_not_count_as_dead_before_its_hard_limit(settings):
    settings.INGEST_JOB_DEAD_AFTER_SECONDS = settings.INGEST_HARD_TIME_LIMIT
    assert "ingest.E003" in [e.id for e in run_checks()]
    settings.INGEST_JOB_DEAD_AFTER_SECONDS = settings.INGEST_HARD_TIME_LIMIT + 1
    assert "ingest.E003" not in [e.id for e in run_checks()]

"""Celery tasks: they take ids, call a service, and hold only the retry policy."""

import logging
import os
import threading
import uuid

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import (
    celeryd_after_setup,
    worker_process_init,
    worker_ready,
    worker_shutdown,
)
from django.conf import settings
from django.db import close_old_connections

from ingest.pipeline import warm_up
from ingest.recovery import jobs_recover
from ingest.submissions import submission_ingest, submission_timed_out
from kg.errors import GraphUnavailable
from kg.warm import warm


@worker_process_init.connect
def _warm_pipeline(**_kwargs) -> None:
    """Compile the lexicon matchers once per worker process, and have Neo4j plan the statements the
    worker sends (kg/warm.py), not on a curator's first submission."""
    warm_up()
    if os.environ.get("KG_WARM_AT_START", "1") != "0":
        warm()


logger = logging.getLogger(__name__)
# "<node name>/<pid of the worker's main process>-<a token of this start>", set before the pool forks,
# so its processes inherit it and record it on the jobs they run ("" outside a worker: eager runs,
# tests). The token tells two starts apart where the pid does not: in a container the worker is pid 1
# every time it is restarted.
WORKER = ""
_stop_recovering = threading.Event()


@celeryd_after_setup.connect
def _name_worker(sender, **_kwargs) -> None:
    global WORKER  # noqa: PLW0603 - one value per process, fixed at start-up
    WORKER = f"{sender}/{os.getpid()}-{uuid.uuid4().hex[:8]}"


@worker_ready.connect
def _recover_jobs(**_kwargs) -> None:
    """At start-up and then every INGEST_RECOVER_INTERVAL_SECONDS, in a thread of the main process:
    send what waits for the broker or was lost, and settle jobs whose worker died (ingest/recovery.py)."""
    _stop_recovering.clear()
    threading.Thread(target=_recovering, name="job-recovery", daemon=True).start()


@worker_shutdown.connect
def _stop(**_kwargs) -> None:
    _stop_recovering.set()


def _recovering() -> None:
    while True:
        try:
            outcome = jobs_recover(worker=WORKER)
            if outcome:
                logger.warning("Job recovery: %s", outcome)
        except Exception:  # a failed look is logged; the next one tries again
            logger.exception("Job recovery failed")
        finally:
            close_old_connections()
        if _stop_recovering.wait(settings.INGEST_RECOVER_INTERVAL_SECONDS):
            return


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(GraphUnavailable,),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=12,
    soft_time_limit=settings.INGEST_SOFT_TIME_LIMIT,
    time_limit=settings.INGEST_HARD_TIME_LIMIT,
    bind=True,
)
def ingest_submission(self, submission_id: int) -> None:
    try:
        submission_ingest(submission_id=submission_id, worker=WORKER, task_id=self.request.id)
    except SoftTimeLimitExceeded:
        submission_timed_out(submission_id=submission_id, seconds=settings.INGEST_SOFT_TIME_LIMIT)

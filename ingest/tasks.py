"""Celery tasks: they take ids, call a service, and hold only the retry policy."""

import os

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init
from django.conf import settings

from ingest.pipeline import warm_up
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


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(GraphUnavailable,),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=12,
    soft_time_limit=settings.INGEST_SOFT_TIME_LIMIT,
    time_limit=settings.INGEST_HARD_TIME_LIMIT,
)
def ingest_submission(submission_id: int) -> None:
    try:
        submission_ingest(submission_id=submission_id)
    except SoftTimeLimitExceeded:
        submission_timed_out(submission_id=submission_id, seconds=settings.INGEST_SOFT_TIME_LIMIT)

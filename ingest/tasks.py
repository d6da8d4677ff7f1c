"""Celery tasks: they take ids, call a service, and hold only the retry policy."""

from celery import shared_task

from ingest.submissions import submission_ingest
from kg.errors import GraphUnavailable


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(GraphUnavailable,),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=12,
)
def ingest_submission(submission_id: int) -> None:
    submission_ingest(submission_id=submission_id)

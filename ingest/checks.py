"""System checks for ingest settings: the broker must not hand a job to a second worker while the
first may still be running it."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def visibility_outlasts_hard_limit(app_configs=None, **kwargs) -> list[Error]:
    """The broker redelivers an unacked job after its visibility timeout and a job may run up to
    the hard time limit: the timeout must be the longer."""
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    hard = settings.INGEST_HARD_TIME_LIMIT
    errors = []
    if visibility <= hard:
        errors.append(
            Error(
                f"CELERY_VISIBILITY_TIMEOUT ({visibility} s) must be longer than INGEST_HARD_TIME_LIMIT ({hard} s), "
                "or a job still running is delivered to a second worker and runs twice.",
                hint="Raise CELERY_VISIBILITY_TIMEOUT or lower INGEST_HARD_TIME_LIMIT.",
                id="ingest.E001",
            )
        )
    if settings.INGEST_SOFT_TIME_LIMIT >= hard:
        errors.append(
            Error(
                f"INGEST_SOFT_TIME_LIMIT ({settings.INGEST_SOFT_TIME_LIMIT} s) must be shorter than "
                f"INGEST_HARD_TIME_LIMIT ({hard} s): the soft limit is what fails a job with a message.",
                id="ingest.E002",
            )
        )
    if settings.INGEST_JOB_DEAD_AFTER_SECONDS <= hard:
        errors.append(
            Error(
                f"INGEST_JOB_DEAD_AFTER_SECONDS ({settings.INGEST_JOB_DEAD_AFTER_SECONDS} s) must be longer than "
                f"INGEST_HARD_TIME_LIMIT ({hard} s), or the workers' recovery marks a job still running as lost.",
                hint="Raise INGEST_JOB_DEAD_AFTER_SECONDS or lower INGEST_HARD_TIME_LIMIT.",
                id="ingest.E003",
            )
        )
    return errors

"""Submission use cases: store a document for ingest, enqueue it, and run it as a tracked job."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ingest.models import Submission
from ingest.pipeline.errors import IngestError, InputTooLarge
from ingest.services import document_ingest
from ingest.validation import Problem, SubmissionInvalid, arxiv_normalize, language_check, language_list
from kg.errors import GraphError, GraphUnavailable

logger = logging.getLogger(__name__)

WAITING_FOR_BROKER = "waiting for broker"


class JobBusy(IngestError):
    code = "job_busy"


def submission_create(
    *,
    content: bytes,
    title: str = "",
    arxiv_id: str = "",
    language: str = "",
    filename: str = "",
    user=None,
    supersedes: Submission | None = None,
) -> Submission:
    """Save the submission first, then enqueue after commit: a broker outage loses nothing."""
    if len(content) > settings.INGEST_MAX_BYTES:
        raise InputTooLarge(f"The document is {len(content)} bytes; the limit is {settings.INGEST_MAX_BYTES} bytes.")
    submission = Submission.objects.create(
        content=content,
        title=title,
        arxiv_id=arxiv_normalize(value=arxiv_id),
        supersedes=supersedes,
        language=language,
        filename=filename,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    transaction.on_commit(lambda: submission_enqueue(submission_id=submission.pk))
    return submission


def submission_rerun(*, submission_id: int, language: str) -> Submission:
    """Ingest a finished (or failed) submission again, read as the language a curator chose: its
    document is replaced, curators' decisions stay. A job still queued or running is left alone."""
    try:
        code = language_check(value=language)
    except IngestError as exc:
        raise SubmissionInvalid([Problem("language", exc.code, exc.message)]) from exc
    if not code:
        message = f"Choose the language to re-run it as: {language_list()}."
        raise SubmissionInvalid([Problem("language", "language_required", message)])
    finished = (Submission.State.DONE, Submission.State.FAILED)
    updated = Submission.objects.filter(pk=submission_id, state__in=finished).update(
        language=code,
        state=Submission.State.QUEUED,
        stage="",
        progress=0.0,
        error_code="",
        error_message="",
        report={},
        started_at=None,
        finished_at=None,
    )
    if not updated:
        raise JobBusy(f"Submission {submission_id} is still queued or running; re-run it once it has finished.")
    transaction.on_commit(lambda: submission_enqueue(submission_id=submission_id))
    return Submission.objects.get(pk=submission_id)


def submission_enqueue(*, submission_id: int) -> bool:
    """Hand the job to the broker; when it is down the submission stays queued for a later requeue."""
    from ingest.tasks import ingest_submission

    try:
        ingest_submission.apply_async(args=[submission_id], retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure means "not enqueued yet"
        logger.warning("Could not enqueue submission %s: %s", submission_id, exc)
        Submission.objects.filter(pk=submission_id).update(stage=WAITING_FOR_BROKER)
        return False
    Submission.objects.filter(pk=submission_id, stage=WAITING_FOR_BROKER).update(stage="")
    return True


def submission_requeue(*, submission_id: int) -> bool:
    """Send a queued or failed job again; it is queued until a worker starts it."""
    Submission.objects.filter(pk=submission_id).exclude(state=Submission.State.DONE).update(
        state=Submission.State.QUEUED, stage="", error_code="", error_message=""
    )
    return submission_enqueue(submission_id=submission_id)


@dataclass(frozen=True)
class Requeued:
    enqueued: tuple[int, ...]
    still_waiting: tuple[int, ...]  # the broker refused them again


def submissions_requeue_stale(*, older_than_seconds: int) -> Requeued:
    """Enqueue again every queued job no worker has started after this long: those saved while the
    broker was down, and any whose message the broker lost. A job already running or backing off for
    the graph is left alone; one sent twice runs once (a finished job is skipped, the load is idempotent)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    stale = Submission.objects.filter(
        state=Submission.State.QUEUED, stage__in=("", WAITING_FOR_BROKER), created_at__lte=cutoff
    ).order_by("created_at")
    enqueued, waiting = [], []
    for submission_id in stale.values_list("pk", flat=True):
        (enqueued if submission_enqueue(submission_id=submission_id) else waiting).append(submission_id)
    return Requeued(enqueued=tuple(enqueued), still_waiting=tuple(waiting))


def submission_ingest(*, submission_id: int) -> None:
    """Run the ingest of one stored submission; safe to run again (the load is idempotent)."""
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None or submission.state == Submission.State.DONE:
        return
    Submission.objects.filter(pk=submission_id).update(
        state=Submission.State.RUNNING,
        started_at=timezone.now(),
        attempts=submission.attempts + 1,
        stage="starting",
        progress=0.0,
        error_code="",
        error_message="",
    )

    def progress(stage: str, fraction: float) -> None:
        Submission.objects.filter(pk=submission_id).update(stage=stage, progress=round(fraction, 3))

    try:
        outcome = document_ingest(
            source=bytes(submission.content),
            key=submission.document_key,
            name=submission.filename,
            title=submission.title,
            language=submission.language or None,
            arxiv_id=submission.arxiv_id,
            progress=progress,
        )
    except IngestError as exc:
        _finish(submission_id, state=Submission.State.FAILED, error_code=exc.code, error_message=exc.message)
        return
    except GraphUnavailable:
        Submission.objects.filter(pk=submission_id).update(
            state=Submission.State.QUEUED, stage="waiting for the graph database"
        )
        raise
    except GraphError as exc:
        # The load is one transaction: it rolled back whole, so a fixed retry starts clean.
        detail = f" ({exc.detail})" if exc.detail else ""
        _finish(submission_id, state=Submission.State.FAILED, error_code=exc.code, error_message=exc.message + detail)
        return
    report = outcome.extraction.report.to_dict()
    _finish(submission_id, state=Submission.State.DONE, report=report, progress=1.0, stage="done")


def _finish(submission_id: int, **fields) -> None:
    Submission.objects.filter(pk=submission_id).update(finished_at=timezone.now(), **fields)

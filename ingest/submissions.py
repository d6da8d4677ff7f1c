"""Submission use cases: store a document for ingest, enqueue it, and run it as a tracked job."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ingest.models import Submission
from ingest.pipeline.errors import IngestError, InputTooLarge
from ingest.services import document_ingest
from kg.errors import GraphUnavailable

logger = logging.getLogger(__name__)


def submission_create(
    *, content: bytes, title: str = "", arxiv_id: str = "", language: str = "", filename: str = "", user=None
) -> Submission:
    """Save the submission first, then enqueue after commit: a broker outage loses nothing."""
    if len(content) > settings.INGEST_MAX_BYTES:
        raise InputTooLarge(f"The document is {len(content)} bytes; the limit is {settings.INGEST_MAX_BYTES} bytes.")
    submission = Submission.objects.create(
        content=content,
        title=title,
        arxiv_id=arxiv_id,
        language=language,
        filename=filename,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    transaction.on_commit(lambda: submission_enqueue(submission_id=submission.pk))
    return submission


def submission_enqueue(*, submission_id: int) -> bool:
    """Hand the job to the broker; when it is down the submission stays queued for a later requeue."""
    from ingest.tasks import ingest_submission

    try:
        ingest_submission.apply_async(args=[submission_id], retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure means "not enqueued yet"
        logger.warning("Could not enqueue submission %s: %s", submission_id, exc)
        Submission.objects.filter(pk=submission_id).update(stage="waiting for broker")
        return False
    return True


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
    report = dict(outcome.extraction.report)
    report["noise"] = [{"line": n.line, "text": n.text, "reason": n.reason} for n in outcome.extraction.noise]
    _finish(submission_id, state=Submission.State.DONE, report=report, progress=1.0, stage="done")


def _finish(submission_id: int, **fields) -> None:
    Submission.objects.filter(pk=submission_id).update(finished_at=timezone.now(), **fields)

"""Submission use cases: store a document for ingest, enqueue it, and run it as a tracked job."""

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from ingest.models import Submission
from ingest.pipeline.errors import IngestError, InputTooLarge
from ingest.services import document_ingest
from kg.errors import GraphError, GraphUnavailable

logger = logging.getLogger(__name__)

WAITING_FOR_BROKER = "waiting for broker"
# New-style ids (2005.14165, optional version) and old-style ones (hep-th/9901001, cs.CL/0112017).
_ARXIV_ID = r"(?P<id>\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)"
_ARXIV_FORMS = (
    re.compile(rf"^(?:arxiv:\s*)?{_ARXIV_ID}$", re.IGNORECASE),
    re.compile(rf"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/{_ARXIV_ID}(?:\.pdf)?/?$", re.IGNORECASE),
)


class InvalidArxivId(IngestError):
    code = "invalid_arxiv_id"


def arxiv_normalize(*, value: str) -> str:
    """The bare arXiv id of an id, `arXiv:` id or arxiv.org URL; empty stays empty."""
    text = value.strip()
    if not text:
        return ""
    for form in _ARXIV_FORMS:
        match = form.match(text)
        if match:
            return match.group("id")
    raise InvalidArxivId(
        f"'{text[:80]}' is not an arXiv id or URL; expected e.g. 2005.14165 or https://arxiv.org/abs/2005.14165."
    )


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


def submission_queue(*, size: int) -> str:
    """The queue for a document of `size` bytes: big ones apart, so they never hold up small ones."""
    return settings.INGEST_BIG_QUEUE if size > settings.INGEST_BIG_BYTES else settings.INGEST_QUEUE


def submission_enqueue(*, submission_id: int) -> bool:
    """Hand the job to the broker; when it is down the submission stays queued for a later requeue."""
    from ingest.tasks import ingest_submission

    size = Submission.objects.filter(pk=submission_id).values_list(Length("content"), flat=True).first() or 0
    queue = submission_queue(size=size)
    Submission.objects.filter(pk=submission_id).update(queue=queue)
    try:
        ingest_submission.apply_async(args=[submission_id], queue=queue, retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure means "not enqueued yet"
        logger.warning("Could not enqueue submission %s: %s", submission_id, exc)
        Submission.objects.filter(pk=submission_id).update(stage=WAITING_FOR_BROKER)
        return False
    Submission.objects.filter(pk=submission_id, stage=WAITING_FOR_BROKER).update(stage="")
    return True


def submission_waiting_behind(*, submission: Submission) -> int:
    """How many jobs a queued submission waits behind: every running one (a worker busy with it
    cannot take this one) and those queued before it on its own queue."""
    others = Submission.objects.exclude(pk=submission.pk)
    running = others.filter(state=Submission.State.RUNNING).count()
    earlier = others.filter(
        state=Submission.State.QUEUED, queue=submission.queue, created_at__lt=submission.created_at
    ).exclude(stage=WAITING_FOR_BROKER)
    return running + earlier.count()


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

"""Submission use cases: store a document for ingest (a duplicate of one already there is refused
unless revised or forced), enqueue it, run it as a tracked job, cancel it, and follow its document
when that is withdrawn."""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone

from ingest.models import Submission
from ingest.pipeline import sha256_of
from ingest.pipeline.errors import IngestError, InputTooLarge
from ingest.pipeline.read import read_source
from ingest.services import document_ingest
from ingest.validation import Problem, SubmissionInvalid, arxiv_normalize, language_check, language_list
from ingest.webhooks import job_ended
from kg import selectors
from kg.errors import GraphError, GraphUnavailable
from kg.signals import document_withdrawn
from kg.text import text_fingerprint

logger = logging.getLogger(__name__)

WAITING_FOR_BROKER = "waiting for broker"
WAITING_FOR_GRAPH = "waiting for the graph database"  # queued again, its retry message in the broker


class JobBusy(IngestError):
    code = "job_busy"


LOADING = "load"  # the stage from which a job can no longer be cancelled: its one load transaction runs
FINAL = (Submission.State.DONE, Submission.State.CANCELLED, Submission.State.WITHDRAWN)


class UnknownDocument(IngestError):
    code = "unknown_document"


class DuplicateContent(IngestError):
    """The text is already a document (or a job about to load one); `duplicate` says which."""

    code = "duplicate_content"

    def __init__(self, message: str, *, duplicate: "Duplicate") -> None:
        super().__init__(message)
        self.duplicate = duplicate


class NotCancellable(IngestError):
    code = "not_cancellable"


class JobCancelled(Exception):
    """Raised in a running job at a stage boundary once a curator cancelled it."""


@dataclass(frozen=True)
class Duplicate:
    document_key: str
    title: str
    submission_id: int | None  # the submission that loads (or loaded) it; None for a seed document

    def message(self) -> str:
        return (
            f"This text is identical to document '{self.document_key}' (“{self.title}”): submit it as a revision "
            "of that document, or confirm that you want a separate copy."
        )


def text_identity(*, content: bytes) -> tuple[str, str] | None:
    """The decoded text's fingerprint (kg.text.text_fingerprint) and its hash as the pipeline computes
    it; None when it does not decode (the job then fails and says why)."""
    try:
        # Any limit that lets the text through: as UTF-8 a legacy encoding grows up to threefold.
        text = read_source(source=content, name="", max_bytes=4 * max(len(content), 1)).text
    except IngestError:
        return None
    return text_fingerprint(text), sha256_of(text=text)


def duplicate_of(*, content: bytes) -> Duplicate | None:
    """The document (or queued job) that already has this text, whatever its spacing and case."""
    identity = text_identity(content=content)
    return _duplicate(*identity) if identity else None


def _duplicate(fingerprint: str, sha256: str) -> Duplicate | None:
    pending = (
        Submission.objects.filter(
            fingerprint=fingerprint, state__in=[Submission.State.QUEUED, Submission.State.RUNNING]
        )
        .order_by("-created_at")
        .first()
    )
    if pending is not None:
        return Duplicate(document_key=pending.document_key, title=str(pending), submission_id=pending.pk)
    document = selectors.document_with_text(fingerprint=fingerprint, sha256=sha256)
    if document is None:
        return None
    loader = _loader_of(document.key)
    return Duplicate(document_key=document.key, title=document.title, submission_id=loader.pk if loader else None)


def _loader_of(key: str) -> Submission | None:
    """The newest submission that loads (or loaded) the document with this key."""
    live = Q(state__in=[Submission.State.QUEUED, Submission.State.RUNNING, Submission.State.DONE])
    return Submission.objects.filter(live, document_key=key).order_by("-created_at").first()


def revision_target(*, key: str) -> Submission | None:
    """What a revision of the document `key` supersedes: the submission that loaded it, or None for a
    document ingested from a file (a seed), which is revised by its key alone."""
    loader = _loader_of(key)
    if loader is None and not selectors.document_exists(key=key):
        raise UnknownDocument(f"There is no document '{key[:200]}' to revise.")
    return loader


def submission_create(
    *,
    content: bytes,
    title: str = "",
    arxiv_id: str = "",
    language: str = "",
    filename: str = "",
    user=None,
    supersedes: Submission | None = None,
    revises: str = "",
    allow_duplicate: bool = False,
    webhook: str = "",
) -> Submission:
    """Save the submission first, then enqueue after commit: a broker outage loses nothing. A revision
    (`supersedes` a submission, or `revises` a document key) replaces that document's statements;
    otherwise a text some document already has is refused with DuplicateContent unless allowed."""
    if len(content) > settings.INGEST_MAX_BYTES:
        raise InputTooLarge(f"The document is {len(content)} bytes; the limit is {settings.INGEST_MAX_BYTES} bytes.")
    if revises and supersedes is None:
        supersedes = revision_target(key=revises)
    fingerprint, sha256 = text_identity(content=content) or ("", "")
    claims_text = bool(fingerprint) and not (supersedes or revises or allow_duplicate)
    if claims_text:
        duplicate = _duplicate(fingerprint, sha256)
        if duplicate is not None:
            raise DuplicateContent(duplicate.message(), duplicate=duplicate)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                content=content,
                title=title,
                arxiv_id=arxiv_normalize(value=arxiv_id),
                supersedes=supersedes,
                document_key=supersedes.document_key if supersedes else revises,
                fingerprint=fingerprint,
                claims_text=claims_text,
                language=language,
                filename=filename,
                webhook=webhook,
                created_by=user if user is not None and user.is_authenticated else None,
            )
    except IntegrityError:
        # The same text arrived at the same moment and won the unique index: this one is its duplicate.
        duplicate = _duplicate(fingerprint, sha256) if claims_text else None
        if duplicate is None:
            raise
        raise DuplicateContent(duplicate.message(), duplicate=duplicate) from None
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
        claims_text=False,  # a curator's explicit re-run, never refused as a copy of a newer job
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


def submission_queue(*, size: int) -> str:
    """The queue for a document of `size` bytes: big ones apart, so they never hold up small ones."""
    return settings.INGEST_BIG_QUEUE if size > settings.INGEST_BIG_BYTES else settings.INGEST_QUEUE


def submission_enqueue(*, submission_id: int) -> bool:
    """Hand the job to the broker; when it is down the submission stays queued for a later requeue."""
    from ingest.tasks import ingest_submission

    size = Submission.objects.filter(pk=submission_id).values_list(Length("content"), flat=True).first() or 0
    queue = submission_queue(size=size)
    # The message's id is the job's before it is sent: a worker runs the job only for the message last
    # sent (submission_ingest), so a message sent again (recovery, requeue, a send that timed out on a
    # frozen broker and went through after all, one the broker restored late) never runs it twice.
    task_id = str(uuid.uuid4())
    Submission.objects.filter(pk=submission_id).update(queue=queue, task_id=task_id)
    try:
        ingest_submission.apply_async(args=[submission_id], queue=queue, retry=False, task_id=task_id)
    except Exception as exc:  # noqa: BLE001 - any broker failure means "not enqueued yet"
        logger.warning("Could not enqueue submission %s: %s", submission_id, exc)
        Submission.objects.filter(pk=submission_id).update(stage=WAITING_FOR_BROKER)
        return False
    Submission.objects.filter(pk=submission_id).update(sent_at=timezone.now())
    Submission.objects.filter(pk=submission_id, stage=WAITING_FOR_BROKER).update(stage="")
    return True


def submission_page(*, state: str | None, after_id: int | None, limit: int) -> tuple[list[Submission], int, bool]:
    """Jobs newest first (keyset on the id: a page stays stable while new jobs arrive), with how many
    match `state` (any when None) and whether more follow."""
    jobs = Submission.objects.all() if state is None else Submission.objects.filter(state=state)
    total = jobs.count()
    if after_id is not None:
        jobs = jobs.filter(pk__lt=after_id)
    found = list(jobs.defer("content").order_by("-pk")[: limit + 1])  # not the submitted bytes
    return found[:limit], total, len(found) > limit


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
    """Send a queued, failed or cancelled job again; it is queued until a worker starts it."""
    Submission.objects.filter(pk=submission_id).exclude(
        state__in=[Submission.State.DONE, Submission.State.WITHDRAWN]
    ).update(state=Submission.State.QUEUED, stage="", error_code="", error_message="", claims_text=False)
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


def submission_cancel(*, submission_id: int) -> Submission:
    """Stop a queued or running job: its Celery task is revoked, and a job already running stops at its
    next stage boundary with the graph unchanged. A job loading its document (one transaction, seconds)
    cannot be stopped: withdraw the document once it is done. Raises Submission.DoesNotExist."""
    cancellable = Q(state=Submission.State.QUEUED) | (Q(state=Submission.State.RUNNING) & ~Q(stage__startswith=LOADING))
    cancelled = Submission.objects.filter(cancellable, pk=submission_id).update(
        state=Submission.State.CANCELLED, finished_at=timezone.now()
    )
    submission = Submission.objects.get(pk=submission_id)
    if not cancelled:
        raise NotCancellable(_why_not_cancellable(submission))
    _revoke(task_id=submission.task_id)
    job_ended(submission_id=submission_id)
    return submission


def _why_not_cancellable(submission: Submission) -> str:
    if submission.state == Submission.State.RUNNING:
        return (
            f"Job {submission.pk} is loading its document into the graph; withdraw the document once the job is done."
        )
    if submission.state == Submission.State.DONE:
        return f"Job {submission.pk} is done; withdraw its document instead."
    return f"Job {submission.pk} is already {submission.get_state_display()}."


def _revoke(*, task_id: str) -> None:
    """Tell the workers to drop the task; best effort: a worker that never heard it still finds the
    job cancelled when it starts, and does nothing."""
    from ingest.tasks import ingest_submission

    if not task_id:
        return
    app = ingest_submission.app
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0)  # a broker outage fails at once, never hangs
            app.control.revoke(task_id, connection=connection)
    except Exception as exc:  # noqa: BLE001 - the database already says cancelled; the revoke only saves work
        logger.warning("Could not revoke task %s: %s", task_id, exc)


def submissions_withdrawn(*, key: str) -> int:
    """The document `key` left the graph: the jobs that loaded it show "withdrawn", and jobs still
    to load it are cancelled (it would come back otherwise). Returns how many were done."""
    for submission_id in Submission.objects.filter(
        document_key=key, state__in=[Submission.State.QUEUED, Submission.State.RUNNING]
    ).values_list("pk", flat=True):
        try:
            submission_cancel(submission_id=submission_id)
        except NotCancellable:
            pass  # finished meanwhile: marked below, or loading, and the curator sees it done again
    return Submission.objects.filter(document_key=key, state=Submission.State.DONE).update(
        state=Submission.State.WITHDRAWN, stage=""
    )


def follow_document_deletions() -> None:
    """However a document is withdrawn (admin, API, command), its submissions follow."""
    document_withdrawn.connect(_document_withdrawn, dispatch_uid="ingest.submissions_withdrawn")


def _document_withdrawn(sender, *, key: str, **kwargs) -> None:
    submissions_withdrawn(key=key)


def submission_ingest(*, submission_id: int, worker: str = "", task_id: str | None = None) -> None:
    """Run the ingest of one stored submission; safe to run again (the load is idempotent). A job
    that was cancelled, or whose document was withdrawn, is not run. `worker` names who runs it;
    `task_id` is the message that asked: one other than the job's last sent is stale and runs nothing."""
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return
    claim = Submission.objects.filter(pk=submission_id).exclude(state__in=FINAL)
    if task_id:
        claim = claim.filter(Q(task_id="") | Q(task_id=task_id))
    started = claim.update(
        state=Submission.State.RUNNING,
        started_at=timezone.now(),
        worker=worker,
        attempts=submission.attempts + 1,
        stage="starting",
        progress=0.0,
        error_code="",
        error_message="",
    )
    if not started:
        if task_id and submission.task_id not in ("", task_id):
            logger.warning(
                "Submission %s: message %s is stale (the job's is %s); not run",
                submission_id,
                task_id,
                submission.task_id,
            )
        return
    running = Submission.objects.filter(pk=submission_id, state=Submission.State.RUNNING)

    def progress(stage: str, fraction: float) -> None:
        if not running.update(stage=stage, progress=round(fraction, 3)):
            raise JobCancelled

    def before_load() -> None:
        if not running.update(stage=LOADING):
            raise JobCancelled

    try:
        outcome = document_ingest(
            source=bytes(submission.content),
            key=submission.document_key,
            name=submission.filename,
            title=submission.title,
            language=submission.language or None,
            arxiv_id=submission.arxiv_id,
            progress=progress,
            before_load=before_load,
        )
    except JobCancelled:
        logger.info("Submission %s was cancelled; it stopped before loading anything.", submission_id)
        return
    except IngestError as exc:
        _finish(submission_id, state=Submission.State.FAILED, error_code=exc.code, error_message=exc.message)
        return
    except GraphUnavailable:
        running.update(state=Submission.State.QUEUED, stage=WAITING_FOR_GRAPH)
        raise
    except GraphError as exc:
        # The load is one transaction: it rolled back whole, so a fixed retry starts clean.
        detail = f" ({exc.detail})" if exc.detail else ""
        _finish(submission_id, state=Submission.State.FAILED, error_code=exc.code, error_message=exc.message + detail)
        return
    report = outcome.extraction.report.to_dict()
    _finish(submission_id, state=Submission.State.DONE, report=report, progress=1.0, stage="done")


def submission_timed_out(*, submission_id: int, seconds: int) -> None:
    """The job ran into the task's soft time limit: it fails saying so (nothing was stored, the load
    is one transaction); a job that finished or was cancelled meanwhile is left as it is."""
    stopped = Submission.objects.filter(pk=submission_id, state=Submission.State.RUNNING).update(
        state=Submission.State.FAILED,
        finished_at=timezone.now(),
        error_code="too_slow",
        error_message=(
            f"The job took longer than {seconds} s (INGEST_SOFT_TIME_LIMIT) and was stopped; nothing was "
            "stored. Split the document, or raise the limit."
        ),
    )
    if stopped:
        job_ended(submission_id=submission_id)


def _finish(submission_id: int, **fields) -> None:
    Submission.objects.filter(pk=submission_id).update(finished_at=timezone.now(), **fields)
    job_ended(submission_id=submission_id)

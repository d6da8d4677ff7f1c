"""Jobs nobody would run unless someone looked: every worker looks at start-up and then every
INGEST_RECOVER_INTERVAL_SECONDS (ingest/tasks.py), the way `manage.py ingest_requeue` did by hand.

- queued "waiting for broker" (saved while the broker was down or frozen): sent;
- queued and sent, but the broker no longer holds its message (a Redis `kill -9` lost it): sent again;
- running on a worker that was restarted under the same name (its previous process died): sent again;
- running for longer than INGEST_JOB_DEAD_AFTER_SECONDS (beyond the task's hard time limit, so its
  worker is gone): failed, saying so; a curator re-runs it.

Safe with many workers at once: a job is sent while its row is locked (PostgreSQL: FOR UPDATE SKIP
LOCKED; SQLite: the write lock every transaction takes) and only if it is still as read, then its
message is in the broker; an overdue job is marked by a conditional UPDATE. So exactly one sends it.
"""

import json
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ingest.models import Submission
from ingest.submissions import WAITING_FOR_BROKER, WAITING_FOR_GRAPH, submission_enqueue
from ingest.webhooks import job_ended

logger = logging.getLogger(__name__)

WORKER_LOST = "worker_lost"


@dataclass(frozen=True)
class Recovered:
    sent: tuple[int, ...] = ()  # waiting for the broker, now sent
    resent: tuple[int, ...] = ()  # lost by the broker or by a dead worker, sent again
    failed: tuple[int, ...] = ()  # running past the limit: marked failed
    broker_down: bool = False

    def __bool__(self) -> bool:
        return bool(self.sent or self.resent or self.failed)


def jobs_recover(*, worker: str = "") -> Recovered:
    """One look at every job (see the module's docstring); `worker` ("<node>/<pid>") is the calling
    worker, whose earlier processes' running jobs are sent again."""
    failed = _fail_overdue()
    if _broker_task_ids() is None:  # the broker does not answer: nothing can be sent now; the next look tries
        return Recovered(failed=failed, broker_down=True)
    resent = _resend_orphans_of(worker) + _resend_lost()
    return Recovered(sent=_send_waiting(), resent=resent, failed=failed)


def _send_waiting() -> tuple[int, ...]:
    sent = []
    waiting = Submission.objects.filter(state=Submission.State.QUEUED, stage=WAITING_FOR_BROKER)
    for pk in waiting.order_by("created_at").values_list("pk", flat=True):
        outcome = _send_claimed(pk, Q(stage=WAITING_FOR_BROKER))
        if outcome is False:
            break  # the broker went away again: the job is back to waiting, so are the rest
        if outcome:
            sent.append(pk)
    return tuple(sent)


def _resend_lost() -> tuple[int, ...]:
    """Queued jobs sent a while ago whose message is neither in a queue nor taken by a worker."""
    cutoff = timezone.now() - timedelta(seconds=settings.INGEST_RESEND_AFTER_SECONDS)
    old = Q(sent_at__lte=cutoff) | Q(sent_at__isnull=True, created_at__lte=cutoff)
    sent = Q(stage__in=("", WAITING_FOR_GRAPH))  # in a queue, or its retry held by a worker
    candidates = Submission.objects.filter(old & sent, state=Submission.State.QUEUED)
    resent = []
    for pk in candidates.order_by("created_at").values_list("pk", flat=True):
        if _send_claimed(pk, old & sent, unless_held=True):
            resent.append(pk)
    return tuple(resent)


def _resend_orphans_of(worker: str) -> tuple[int, ...]:
    """Jobs a previous process of this worker (same node name, another pid) was running when it died."""
    node = worker.rpartition("/")[0]
    if not node:
        return ()
    orphans = Submission.objects.filter(state=Submission.State.RUNNING, worker__startswith=f"{node}/")
    resent = []
    for pk, held_by in orphans.exclude(worker=worker).values_list("pk", "worker"):
        condition = Q(worker=held_by)
        if _send_claimed(pk, condition, state=Submission.State.RUNNING) is not None:
            logger.warning("Submission %s: its worker %s died mid-job; sent it again", pk, held_by)
            resent.append(pk)
    return tuple(resent)


def _send_claimed(pk: int, condition: Q, *, state=Submission.State.QUEUED, unless_held: bool = False) -> bool | None:
    """Send the job if it is still as read, holding its row while deciding and sending: another worker
    looking at it meanwhile waits (PostgreSQL: the row lock, skipped; SQLite: the write lock), then
    finds it changed or its new message in the broker. None: not ours to send; False: the broker
    refused it (it waits for the broker)."""
    with transaction.atomic():
        row = (
            Submission.objects.select_for_update(skip_locked=True)
            .filter(condition, pk=pk, state=state)
            .values_list("task_id", flat=True)
        )
        task_id = row.first()
        if task_id is None:
            return None
        if unless_held:
            held = _broker_task_ids()
            if held is None or task_id in held:
                return None
            logger.warning("Submission %s: the broker lost its message (task %r); sending it again", pk, task_id)
        Submission.objects.filter(pk=pk).update(
            state=Submission.State.QUEUED, stage="", progress=0.0, worker="", sent_at=timezone.now()
        )
        return submission_enqueue(submission_id=pk)


def _fail_overdue() -> tuple[int, ...]:
    limit = settings.INGEST_JOB_DEAD_AFTER_SECONDS
    overdue = Submission.objects.filter(
        state=Submission.State.RUNNING, started_at__lte=timezone.now() - timedelta(seconds=limit)
    )
    failed = []
    for pk, started_at in overdue.values_list("pk", "started_at"):
        message = (
            f"The worker running this job stopped: it started at {started_at:%Y-%m-%d %H:%M:%S} UTC and has "
            f"not finished within {limit} s (INGEST_JOB_DEAD_AFTER_SECONDS). Re-run it."
        )
        marked = Submission.objects.filter(pk=pk, state=Submission.State.RUNNING, started_at=started_at).update(
            state=Submission.State.FAILED, error_code=WORKER_LOST, error_message=message, finished_at=timezone.now()
        )
        if marked:
            job_ended(submission_id=pk)
            failed.append(pk)
    return tuple(failed)


def _broker_task_ids() -> set[str] | None:
    """The ids of every ingest task the broker holds: waiting in a queue (at any priority) or taken by
    a worker and not yet acknowledged. None when the broker does not answer."""
    from ingest.tasks import ingest_submission

    app = ingest_submission.app
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0)
            channel = connection.default_channel
            client = channel.client
            payloads = list(client.hvals(channel.unacked_key))
            unacked = [json.loads(value)[0] for value in payloads]
            waiting = []
            for queue in (settings.INGEST_QUEUE, settings.INGEST_BIG_QUEUE):
                for priority in channel.priority_steps:
                    waiting += [
                        json.loads(value) for value in client.lrange(channel._q_for_pri(queue, priority), 0, -1)
                    ]
    except Exception as exc:  # noqa: BLE001 - any broker failure means "try again at the next look"
        logger.warning("Job recovery: the broker does not answer: %s", exc)
        return None
    return {message.get("headers", {}).get("id", "") for message in unacked + waiting}

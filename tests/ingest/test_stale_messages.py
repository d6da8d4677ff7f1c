"""A job runs only for the message it was last sent: a message sent again by the workers' recovery,
a requeue, a send that timed out on a frozen broker but went through after all, or one the broker
restored late, is stale and runs nothing (review of issue 16: these ran a job twice)."""

from ingest.models import Submission
from ingest.submissions import submission_create, submission_enqueue
from ingest.tasks import ingest_submission
from kg import selectors

TEXT = "Vicuna was fine-tuned from LLaMA by LMSYS. Vicuna is a chat model."


def _job(pk: int) -> Submission:
    return Submission.objects.get(pk=pk)


def test_a_message_other_than_the_jobs_last_runs_nothing(graph, db):
    job = submission_create(content=TEXT.encode(), title="Stale messages", language="en")
    assert submission_enqueue(submission_id=job.pk)
    first = _job(job.pk).task_id
    assert first, "the message id is the job's"
    assert submission_enqueue(submission_id=job.pk)  # sent again: the first message is now stale
    current = _job(job.pk).task_id
    assert current != first

    ingest_submission.apply(args=[job.pk], task_id=first)
    assert _job(job.pk).state == Submission.State.QUEUED and _job(job.pk).attempts == 0
    assert not selectors.document_exists(key=_job(job.pk).document_key)

    ingest_submission.apply(args=[job.pk], task_id=current)
    done = _job(job.pk)
    assert done.state == Submission.State.DONE and done.attempts == 1
    assert selectors.document_exists(key=done.document_key)

    ingest_submission.apply(args=[job.pk], task_id=first)  # a late copy of the old one, after the run
    assert _job(job.pk).attempts == 1


def test_a_failed_job_is_not_run_again_by_its_old_message(graph, db):
    job = submission_create(content=(TEXT + " Again.").encode(), title="Stale after failure", language="en")
    assert submission_enqueue(submission_id=job.pk)
    sent = _job(job.pk).task_id
    Submission.objects.filter(pk=job.pk).update(state=Submission.State.FAILED, error_code="worker_lost")
    assert submission_enqueue(submission_id=job.pk)  # a curator's re-run sends a new message
    ingest_submission.apply(args=[job.pk], task_id=sent)  # the old one, restored by the broker late
    assert _job(job.pk).state == Submission.State.FAILED and _job(job.pk).attempts == 0

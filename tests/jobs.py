"""Running a submitted job in the test's process, as a worker would: with the message the job was sent."""

from ingest.models import Submission
from ingest.tasks import ingest_submission


def run_here(submission_id: int) -> None:
    """The worker's task, run here for the job's own message (a message of another id is stale and
    runs nothing: ingest.submissions.submission_ingest)."""
    task_id = Submission.objects.values_list("task_id", flat=True).get(pk=submission_id)
    ingest_submission.apply(args=[submission_id], task_id=task_id or None)

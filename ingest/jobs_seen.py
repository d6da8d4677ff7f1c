"""The submitter's "finished since you last looked": jobs of theirs that ended after they last saw
the submissions list (kept in the session; before any visit, since they signed in)."""

from datetime import datetime

from django.utils import timezone

from ingest.models import Submission

SESSION_KEY = "ingest_jobs_seen_at"
ENDED = (Submission.State.DONE, Submission.State.FAILED, Submission.State.CANCELLED)


def jobs_seen(request) -> None:
    request.session[SESSION_KEY] = timezone.now().isoformat()


def _seen_at(request) -> datetime | None:
    stamp = request.session.get(SESSION_KEY)
    if stamp:
        try:
            return datetime.fromisoformat(stamp)
        except ValueError:
            pass
    return request.user.last_login


def jobs_finished_unseen(request) -> int:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("ingest.view_submission"):
        return 0
    finished = Submission.objects.filter(created_by=user, state__in=ENDED, finished_at__isnull=False)
    seen_at = _seen_at(request)
    if seen_at is not None:
        finished = finished.filter(finished_at__gt=seen_at)
    return finished.count()

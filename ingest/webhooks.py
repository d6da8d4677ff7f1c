"""A submitter's webhook: when their job ends (done, failed, cancelled) its URL is POSTed a JSON
body saying how. Sent from a background thread, so the job never waits for it; each attempt has a
timeout, a few attempts at most, and every failure is logged, never raised."""

import logging
import threading
import time

import requests
from django.conf import settings

from ingest.models import Submission

logger = logging.getLogger(__name__)

EVENT = "job.ended"


def job_payload(job: Submission) -> dict:
    """What the webhook is told: the job as the API's job URL shows it, in brief."""
    return {
        "event": EVENT,
        "job": {
            "id": job.pk,
            "url": f"/api/v1/jobs/{job.pk}",
            "state": job.state,
            "document": job.document_key if job.state == Submission.State.DONE else None,
            "error": {"code": job.error_code, "message": job.error_message}
            if job.state == Submission.State.FAILED
            else None,
            "warning": job.warning,
            "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        },
    }


def job_ended(*, submission_id: int) -> threading.Thread | None:
    """Tell the job's webhook, if it has one, that the job ended; returns the sending thread."""
    job = Submission.objects.filter(pk=submission_id).defer("content").first()
    if job is None or not job.webhook:
        return None
    sender = threading.Thread(
        target=deliver, kwargs={"url": job.webhook, "payload": job_payload(job)}, name=f"webhook-{job.pk}", daemon=True
    )
    sender.start()
    return sender


def deliver(*, url: str, payload: dict) -> bool:
    """POST `payload` to `url` until a 2xx answer, at most WEBHOOK_ATTEMPTS times; True when delivered."""
    attempts = settings.INGEST_WEBHOOK_ATTEMPTS
    for attempt in range(1, attempts + 1):
        try:
            answer = requests.post(
                url,
                json=payload,
                timeout=settings.INGEST_WEBHOOK_TIMEOUT_SECONDS,
                headers={"User-Agent": "kg-ingest-webhook/1"},
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            problem = f"{type(exc).__name__}: {exc}"
        else:
            if 200 <= answer.status_code < 300:
                return True
            problem = f"answered {answer.status_code}"
        logger.warning("Webhook for job %s, attempt %d of %d: %s", payload["job"]["id"], attempt, attempts, problem)
        if attempt < attempts:
            time.sleep(settings.INGEST_WEBHOOK_BACKOFF_SECONDS * attempt)
    logger.error("Webhook for job %s not delivered to %s after %d attempts.", payload["job"]["id"], url, attempts)
    return False

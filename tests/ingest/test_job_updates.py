"""The submitter sees their job end: the list's job cells from a small JSON view (updated in place),
a badge of jobs finished since they last looked, and a webhook POSTed when the job ends, tried
against a real HTTP server on this machine."""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.utils import timezone

from ingest.models import Submission
from ingest.submissions import submission_cancel, submission_create, submission_ingest
from tests.security.people import curator_api, curator_user  # noqa: F401 - fixtures

ENGLISH = "Orca is a small model. It was fine-tuned from LLaMA by a team at Microsoft."
JOBS = "/admin/ingest/submission/jobs/"


class Hook:
    """A local HTTP server that records each POST and answers with the statuses given, in turn
    (the last one again once they run out), after `delay` seconds."""

    def __init__(self, statuses=(204,), delay: float = 0.0):
        self.received: list[dict] = []
        self.statuses = list(statuses)
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.received.append({"body": json.loads(body), "type": self.headers["Content-Type"]})
                time.sleep(delay)
                status = hook.statuses.pop(0) if len(hook.statuses) > 1 else hook.statuses[0]
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/ingest"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, seconds: float = 15.0) -> list[dict]:
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook():
    made = []

    def make(**kwargs) -> Hook:
        made.append(Hook(**kwargs))
        return made[-1]

    yield make
    for server in made:
        server.close()


@pytest.fixture
def fast_retries(settings):
    settings.INGEST_WEBHOOK_BACKOFF_SECONDS = 0.05
    settings.INGEST_WEBHOOK_TIMEOUT_SECONDS = 1.0
    settings.INGEST_WEBHOOK_ATTEMPTS = 3


@pytest.fixture
def browser(curator_user):  # noqa: F811
    client = Client()
    client.force_login(curator_user)
    return client


def test_the_api_takes_a_webhook_and_the_job_end_is_posted_to_it(curator_api, graph, hook, fast_retries):  # noqa: F811
    server = hook()
    answer = curator_api.post("/api/v1/documents", {"text": ENGLISH, "webhook": server.url}, format="json")
    assert answer.status_code == 202, answer.content
    assert answer.json()["webhook"] == server.url
    job = Submission.objects.get()
    submission_ingest(submission_id=job.pk)
    [posted] = server.wait_for(1)
    job.refresh_from_db()
    assert posted["type"] == "application/json"
    assert posted["body"] == {
        "event": "job.ended",
        "job": {
            "id": job.pk,
            "url": f"/api/v1/jobs/{job.pk}",
            "state": "done",
            "document": job.document_key,
            "error": None,
            "warning": job.warning,
            "finished_at": job.finished_at.isoformat(),
        },
    }


@pytest.mark.parametrize(
    ("webhook", "says"),
    [
        ("ftp://example.org/x", "The webhook 'ftp://example.org/x' is not an http or https URL"),
        ("not a url", "The webhook 'not a url' is not an http or https URL"),
        ("http://", "The webhook 'http://' is not an http or https URL"),
        ("https://" + "a" * 600 + ".org", "The webhook URL is 612 characters long; the limit is 500."),
    ],
)
def test_a_webhook_that_is_no_http_url_is_refused_before_anything_is_saved(curator_api, graph, webhook, says):  # noqa: F811
    answer = curator_api.post("/api/v1/documents", {"text": ENGLISH, "webhook": webhook}, format="json")
    assert answer.status_code == 400, answer.content
    error = answer.json()["error"]
    assert error["code"] == "invalid_webhook" and list(error["detail"]) == ["webhook"]
    assert error["message"].startswith(says), error["message"]
    assert Submission.objects.count() == 0


def test_a_failing_webhook_is_tried_a_few_times_and_logged(curator_user, graph, hook, fast_retries, caplog):  # noqa: F811
    server = hook(statuses=(500, 503, 200))
    job = submission_create(content=ENGLISH.encode(), user=curator_user, webhook=server.url)
    with caplog.at_level(logging.WARNING, logger="ingest.webhooks"):
        submission_ingest(submission_id=job.pk)
        assert len(server.wait_for(3)) == 3
        time.sleep(0.3)
    assert len(server.received) == 3  # delivered on the third: no fourth
    warnings = [r.getMessage() for r in caplog.records if r.name == "ingest.webhooks"]
    assert warnings == [
        f"Webhook for job {job.pk}, attempt 1 of 3: answered 500",
        f"Webhook for job {job.pk}, attempt 2 of 3: answered 503",
    ]


def test_a_webhook_that_never_answers_in_time_does_not_hold_up_the_job(curator_user, graph, hook, fast_retries, caplog):  # noqa: F811
    server = hook(delay=3.0)
    job = submission_create(content=ENGLISH.encode(), user=curator_user, webhook=server.url)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="ingest.webhooks"):
        submission_cancel(submission_id=job.pk)  # a job's end: cancelled
        assert time.monotonic() - started < 1.0  # the job did not wait for the hook
        assert Submission.objects.get(pk=job.pk).state == "cancelled"
        server.wait_for(3, seconds=10)
        deadline = time.monotonic() + 10
        while not any(r.levelno == logging.ERROR for r in caplog.records) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert server.received[0]["body"]["job"]["state"] == "cancelled"
    assert len(server.received) == 3  # three attempts, each cut by the timeout
    [given_up] = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert given_up == f"Webhook for job {job.pk} not delivered to {server.url} after 3 attempts."


def test_the_jobs_view_gives_each_rows_cells_as_the_list_shows_them(browser, curator_user, graph):  # noqa: F811
    queued = submission_create(content=ENGLISH.encode(), user=curator_user)
    failed = submission_create(content=b"Another text about Orca and LLaMA.", user=curator_user, allow_duplicate=True)
    Submission.objects.filter(pk=failed.pk).update(
        state="failed", error_code="x", error_message="It broke.", finished_at=timezone.now()
    )
    answer = browser.get(JOBS, {"id": [queued.pk, failed.pk]})
    assert answer.status_code == 200
    jobs = {job["id"]: job for job in answer.json()["jobs"]}
    assert jobs[queued.pk]["pending"] is True and jobs[failed.pk]["pending"] is False
    assert jobs[failed.pk]["cells"]["job"] == '<span class="job job-failed">failed</span> — It broke.'
    listed = browser.get("/admin/ingest/submission/").content.decode()
    assert jobs[failed.pk]["cells"]["job"] in listed  # the same cell the list rendered
    assert 'http-equiv="refresh"' not in listed and "ingest/submissions.js" in listed
    bad = browser.get(JOBS, {"id": "x"})
    assert bad.status_code == 400 and bad.json() == {"error": "Each id must be a whole number."}


def test_the_badge_counts_the_users_jobs_finished_since_they_last_looked(browser, curator_user, graph):  # noqa: F811
    done = submission_create(content=ENGLISH.encode(), user=curator_user)
    other = submission_create(content=b"Another text about Orca and LLaMA.", user=None, allow_duplicate=True)
    browser.get("/admin/ingest/submission/")  # seen now
    assert 'id="jobs-badge"' not in browser.get("/admin/").content.decode()
    Submission.objects.filter(pk__in=[done.pk, other.pk]).update(state="done", finished_at=timezone.now())
    page = browser.get("/admin/").content.decode()
    assert '<span class="badge">1</span> 1 job of yours finished' in page  # not the one someone else sent
    browser.get("/admin/ingest/submission/")
    assert 'id="jobs-badge"' not in browser.get("/admin/curation/reviewedfact/").content.decode()

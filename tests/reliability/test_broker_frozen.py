"""A broker that is alive but not answering (redis-server SIGSTOPped) against the real gunicorn and a
running worker: every broker call has a connect and a socket timeout, so a submission is saved and
answered 202 "waiting for broker", /healthz names the broker, and other pages answer as usual; once the
broker answers again the worker's periodic look (ingest/recovery.py) sends the kept submission."""

from concurrent.futures import ThreadPoolExecutor

import requests
from rest_framework.authtoken.models import Token

from ingest.models import Submission
from ingest.submissions import WAITING_FOR_BROKER
from kg import selectors
from tests.reliability.graph import duplicates
from tests.reliability.services import running_gunicorn, running_worker, wait_until, worker_env

ARTICLE = "Orca-Mini is a model developed by Example Labs. Orca-Mini is fine-tuned from LLaMA.\n"
# Not a timing assertion: without the broker timeouts gunicorn killed each of these requests after its
# 30 s worker timeout (a 500, or no answer), which the status codes below catch; the client's own limit
# only keeps a hung request from holding the test, generous for a busy machine.
CLIENT_TIMEOUT = 60


def _finished(submission_id: int) -> Submission | None:
    job = Submission.objects.get(pk=submission_id)
    return job if job.state in (Submission.State.DONE, Submission.State.FAILED) else None


def test_frozen_broker_neither_hangs_a_submission_nor_healthz_nor_other_pages(
    graph, transactional_db, broker, curator_user, worker_log
):
    token = Token.objects.get_or_create(user=curator_user)[0].key
    env = worker_env(CELERY_BROKER_URL=broker.url, INGEST_RECOVER_INTERVAL_SECONDS="1")
    web_log = worker_log.with_name(worker_log.stem + "-web.log")
    with running_worker(env=env, log=worker_log), running_gunicorn(env=env, log=web_log) as base_url:
        with broker.frozen():
            submitted, health, page = _at_once(base_url, token)
            assert submitted.status_code == 202, submitted.text[:500]
            assert health.status_code == 503 and "broker" in health.json()["down"], health.text[:500]
            assert page.status_code == 200
            job = Submission.objects.get(pk=submitted.json()["id"])
            assert job.state == Submission.State.QUEUED and job.stage == WAITING_FOR_BROKER
            assert bytes(job.content) == ARTICLE.encode()
        # Thawed: nobody runs ingest_requeue; the worker's next look sends it.
        done = wait_until(lambda: _finished(job.pk), timeout=600, what="the kept submission to be sent and ingested")
    assert done.state == Submission.State.DONE and done.attempts == 1, (done.error_code, done.error_message)
    assert selectors.document_get(key=done.document_key).title == "while frozen"
    assert duplicates() == []


def _at_once(base_url: str, token: str) -> tuple[requests.Response, ...]:
    """A submission, /healthz and the home page, asked together (gunicorn has two workers)."""

    def submit() -> requests.Response:
        body = {"text": ARTICLE, "title": "while frozen", "language": "en"}
        headers = {"Authorization": f"Token {token}"}
        return requests.post(f"{base_url}/api/v1/documents", json=body, headers=headers, timeout=CLIENT_TIMEOUT)

    def get(path: str) -> requests.Response:
        return requests.get(f"{base_url}{path}", timeout=CLIENT_TIMEOUT)

    with ThreadPoolExecutor(3) as pool:
        answers = pool.submit(submit), pool.submit(get, "/healthz"), pool.submit(get, "/")
        return tuple(answer.result() for answer in answers)

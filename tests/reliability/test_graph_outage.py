"""Neo4j stopped in the middle of an ingest job: the task backs off and retries while the graph is
down, and after the restart the document is there whole, once. The worker is a real subprocess and
the graph a throwaway Neo4j of this test, so stopping it disturbs nothing else."""

import re

import pytest

from ingest.models import Submission
from ingest.submissions import submission_create
from kg.repository import schema
from kg.repository.driver import close_driver
from tests.reliability.graph import duplicates
from tests.reliability.services import running_worker, throwaway_neo4j, wait_until, worker_env
from tests.reliability.test_worker_and_broker import assert_complete_once


@pytest.fixture
def own_graph(settings, transactional_db):
    with throwaway_neo4j() as neo4j:
        close_driver()
        settings.NEO4J_URI, settings.NEO4J_PASSWORD = neo4j.url, neo4j.env["NEO4J_PASSWORD"]
        try:
            schema.migrate()
            yield neo4j
        finally:
            close_driver()


def _job(pk: int) -> Submission:
    return Submission.objects.get(pk=pk)


def test_graph_down_mid_ingest_retries_with_backoff_and_completes_once(
    own_graph, broker, worker_log, slow_article, client
):
    env = worker_env(CELERY_BROKER_URL=broker.url)
    with running_worker(env=env, log=worker_log) as worker:
        job = submission_create(content=slow_article, title="through an outage")
        wait_until(lambda: _job(job.pk).state == Submission.State.RUNNING, timeout=600, what="the job to start")
        own_graph.ctl("stop")
        # Stopping takes a few seconds: the job may already have met the outage and be queued for its
        # retry; it must not have finished.
        assert _job(job.pk).state in (Submission.State.RUNNING, Submission.State.QUEUED), "finished before the outage"
        _answers_while_down(client)

        def retried_while_down() -> bool:
            current = _job(job.pk)
            return current.attempts >= 2 and current.stage == "waiting for the graph database"

        wait_until(retried_while_down, timeout=600, what="a retry that met the outage too")
        own_graph.ctl("start")
        done = wait_until(
            lambda: (j := _job(job.pk)).state in (Submission.State.DONE, Submission.State.FAILED) and j,
            timeout=900,
            what="the job to finish after the restart",
        )
        retries = [int(s) for s in re.findall(r"Retry in (\d+)s", worker.text())]
    assert len(retries) >= 2, worker.text()[-3000:]
    assert all(0 <= seconds <= 120 for seconds in retries)  # backed off, within retry_backoff_max
    assert done.attempts == len(retries) + 1
    assert_complete_once(done, slow_article)
    assert duplicates() == []
    # The same app process serves again: no restart, the driver found the graph back by itself.
    assert client.get("/healthz").status_code == 200
    assert client.get(f"/api/v1/documents/{done.document_key}").status_code == 200
    assert client.get(f"/documents/{done.document_key}").status_code == 200


def _answers_while_down(client) -> None:
    """Pages say so kindly, the API in its error shape, both with Retry-After; /healthz names the graph."""
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["down"] == ["neo4j"] and health["Retry-After"]
    page = client.get("/models/gpt-3")
    assert page.status_code == 503 and page["Retry-After"] and b"Traceback" not in page.content
    api = client.get("/api/v1/models")
    assert api.status_code == 503 and api["Retry-After"] and api.json()["error"]["code"] == "graph_unavailable"

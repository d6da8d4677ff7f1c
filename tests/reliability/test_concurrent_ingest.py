"""Overlapping articles ingested at the same moment: no node or relationship twice (the uniqueness
constraints and MERGE), no failed job (deadlocks between the writes are transient and retried), and
the result is the one a sequential load gives."""

import threading

from ingest.models import Submission
from ingest.services import document_ingest
from ingest.submissions import submission_create
from kg import repository, services
from tests.factories import document
from tests.reliability.conftest import SEEDS
from tests.reliability.graph import duplicates, fingerprint
from tests.reliability.services import running_worker, wait_until, worker_env

SHARED = [
    ("instructgpt", "FINE_TUNES", "gpt-3"),
    ("chatgpt", "FINE_TUNES", "instructgpt"),
    ("gpt-3", "DEVELOPED_BY", "openai"),
    ("instructgpt", "USES", "rlhf"),
    ("alpaca", "FINE_TUNES", "llama"),
    ("vicuna", "FINE_TUNES", "llama"),
    ("gopher", "DEVELOPED_BY", "deepmind"),
    ("gopher", "TRAINED_ON", "massivetext"),
    ("gopher", "USES", "rmsnorm"),
]


def _overlapping(count: int) -> list:
    """Documents stating the same facts about the same entities, in different orders."""
    return [document(f"overlap-{i}", SHARED[i % len(SHARED) :] + SHARED[: i % len(SHARED)]) for i in range(count)]


def _counts() -> dict:
    return {k: v for k, v in fingerprint().items() if k != "version"}


def test_simultaneous_loads_of_overlapping_documents_all_succeed_and_match_a_sequential_load(graph):
    docs = _overlapping(8)
    for doc in docs:
        services.document_load(doc=doc)
    sequential = _counts()
    repository.wipe()

    start, errors = threading.Barrier(len(docs)), []

    def load(doc) -> None:
        start.wait()
        try:
            services.document_load(doc=doc)
        except Exception as exc:  # noqa: BLE001 - any failure is what this test reports
            errors.append(f"{doc.key}: {exc!r}")

    threads = [threading.Thread(target=load, args=(doc,)) for doc in docs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert errors == []
    assert duplicates() == []
    assert _counts() == sequential


def test_a_worker_running_two_jobs_at_once_on_overlapping_articles(graph, transactional_db, broker, worker_log):
    articles = [path.read_bytes() for path in SEEDS[:4]]
    with running_worker(env=worker_env(CELERY_BROKER_URL=broker.url), log=worker_log, concurrency=2) as worker:
        jobs = [submission_create(content=text, title=f"seed {i}") for i, text in enumerate(articles)]

        def all_finished() -> list[Submission] | None:
            found = list(Submission.objects.filter(pk__in=[j.pk for j in jobs]).order_by("pk"))
            return found if all(j.state in (Submission.State.DONE, Submission.State.FAILED) for j in found) else None

        finished = wait_until(all_finished, timeout=1200, what="all four jobs to finish")
        log = worker.text()
    assert [(j.state, j.error_message) for j in finished] == [(Submission.State.DONE, "")] * len(articles)
    assert "ForkPoolWorker-2" in log  # both pool processes did work
    assert duplicates() == []
    for job, text in zip(finished, articles, strict=True):
        again = document_ingest(source=text, key=job.document_key, title=job.title)
        assert again.load is not None and not again.load.changed, job.title

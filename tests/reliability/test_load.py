"""The load test's short form: 20 clients for 10 s of mixed lineage, search, page and entity reads
against gunicorn with 2 workers, a document ingested meanwhile. Zero errors and nothing lost are
asserted; latency is only reported (artifacts/loadtest-ci.json), never asserted. `make loadtest`
runs the full 60 s."""

import json
from dataclasses import asdict

from rest_framework.authtoken.models import Token

from ingest.services import document_ingest, document_key_for_path
from kg import selectors
from loadtest.run import run
from tests.reliability.conftest import SEEDS
from tests.reliability.graph import duplicates
from tests.reliability.services import running_gunicorn, running_worker, worker_env

CLIENTS, SECONDS = 20, 10


def test_mixed_reads_under_load_with_an_ingest_lose_nothing(
    graph, transactional_db, broker, curator_user, worker_log, artifacts_dir
):
    for path in SEEDS[:-1]:
        document_ingest(source=path.read_bytes(), key=document_key_for_path(path), name=path.name)
    token = Token.objects.get_or_create(user=curator_user)[0].key
    env = worker_env(CELERY_BROKER_URL=broker.url, API_ANON_RATE="", API_USER_RATE="")
    web_log = worker_log.with_name(worker_log.stem + "-web.log")
    with running_worker(env=env, log=worker_log), running_gunicorn(env=env, log=web_log) as base_url:
        report = run(base_url=base_url, clients=CLIENTS, duration=SECONDS, ingest=SEEDS[-1], token=token)
    (artifacts_dir / "loadtest-ci.json").write_text(json.dumps(asdict(report), indent=1))
    assert report.requests > CLIENTS and report.errors == 0, report.error_samples
    assert report.ingest and report.ingest["state"] == "done", report.ingest
    assert report.lost == [] and report.after["documents"] == report.before["documents"] + 1
    assert duplicates() == []
    stored = selectors.document_get(key=report.ingest["document"])
    assert stored.text == SEEDS[-1].read_text(encoding="utf-8")

"""`manage.py ingest` end to end: the real pipeline, the real Neo4j, and the database-free dry run."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from kg import selectors

SEEDS = Path(settings.FIXTURE_ARTICLES_DIR)
SEED = sorted(SEEDS.glob("*.txt"))[0]


def _graph_state() -> tuple:
    counts = selectors.graph_counts()
    docs = {d.key: d.sha256 for d in selectors.documents_recent(limit=100)}
    return counts, docs


def test_dry_run_json_needs_no_database_and_keeps_the_format(tmp_path):
    env = dict(
        os.environ,
        NEO4J_URI="bolt://127.0.0.1:1",
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
        DATABASE_URL=f"sqlite:///{tmp_path}/absent/none.sqlite3",
    )
    out = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "ingest",
            str(SEED),
            str(sorted(SEEDS.glob("*.txt"))[-1]),
            "--dry-run",
            "--format",
            "json",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    documents = json.loads(out.stdout)
    assert isinstance(documents, list) and len(documents) == 2
    for doc in documents:
        assert set(doc) == {"document", "noise", "entities", "relations"}
        assert set(doc["document"]) == {"title", "language", "sha256", "chars"}
        entity = doc["entities"][0]
        assert set(entity) == {"key", "label", "name", "aliases", "attributes", "mentions"}
        relation = doc["relations"][0]
        assert set(relation) == {"subject", "type", "object", "confidence", "evidence"}
    assert not (tmp_path / "absent").exists()
    assert "127.0.0.1:1" not in out.stderr  # not even tried (the driver's retries took 8 s a document)


def test_seed_ingest_is_idempotent_and_a_revision_replaces_only_its_statements(graph, db, tmp_path):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    seeds = sorted(SEEDS.glob("*.txt"))
    first.write_bytes(seeds[0].read_bytes())
    second.write_bytes(seeds[4].read_bytes())
    quiet = open(os.devnull, "w")  # noqa: SIM115 - closed with the test process
    call_command("ingest", str(first), str(second), stdout=quiet)
    before = _graph_state()
    call_command("ingest", str(first), str(second), stdout=quiet)
    assert _graph_state() == before

    stated_by_first = selectors.document_facts(key="file-first")
    stated_by_second = selectors.document_facts(key="file-second")
    assert stated_by_first and stated_by_second
    text = second.read_text(encoding="utf-8")
    second.write_text(text[: len(text) // 5], encoding="utf-8")  # the revision keeps its first fifth
    call_command("ingest", str(second), stdout=quiet)
    assert selectors.document_facts(key="file-first") == stated_by_first
    assert selectors.document_facts(key="file-second") < stated_by_second


@pytest.mark.parametrize("payload", [b"", b"\x89PNG\r\n\x1a\n" + bytes(100)])
def test_bad_input_is_a_clear_error_and_writes_nothing(graph, db, tmp_path, payload, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(payload)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="1 of 1 inputs failed"):
        call_command("ingest", str(bad))
    assert "bad.txt:" in capsys.readouterr().err
    assert selectors.graph_counts()["documents"] == 0

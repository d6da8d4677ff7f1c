"""`manage.py ingest` end to end: the real pipeline, the real Neo4j, and the database-free dry run."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

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
    with pytest.raises(CommandError, match="already holds another text.*--replace"):
        call_command("ingest", str(second), stdout=quiet)
    assert selectors.document_facts(key="file-second") == stated_by_second  # refused: nothing replaced
    call_command("ingest", str(second), "--replace", stdout=quiet)
    assert selectors.document_facts(key="file-first") == stated_by_first
    assert selectors.document_facts(key="file-second") < stated_by_second


@pytest.mark.parametrize("payload", [b"", b"\x89PNG\r\n\x1a\n" + bytes(100)])
def test_bad_input_is_a_clear_error_and_writes_nothing(graph, db, tmp_path, payload, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(payload)
    with pytest.raises(CommandError, match=r"bad\.txt: \w+: "):  # one input, one line
        call_command("ingest", str(bad))
    assert selectors.graph_counts()["documents"] == 0


def _manage(*args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "ingest", *args],
        cwd=settings.BASE_DIR,
        env=dict(os.environ, NEO4J_URI=settings.NEO4J_URI, NEO4J_PASSWORD=settings.NEO4J_PASSWORD),
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (["-", "--dry-run"], None, "stdin: unreadable_input: Cannot read stdin"),  # stdin closed (<&-)
        (["-", "--dry-run"], subprocess.DEVNULL, "stdin: empty_input: "),
        (["no-such-file.txt", "--dry-run"], subprocess.DEVNULL, "No such file or directory: no-such-file.txt"),
    ],
    ids=["closed-stdin", "empty-stdin", "missing-file"],
)
def test_cli_errors_are_one_line_and_a_failing_exit(args, stdin, says):
    if stdin is None:  # the child starts with descriptor 0 closed, as `manage.py ingest - <&-` does
        out = subprocess.run(
            f"exec {sys.executable} manage.py ingest {' '.join(args)} <&-",
            shell=True,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    else:
        out = _manage(*args, stdin=stdin)
    assert out.returncode != 0
    assert out.stderr.strip().count("\n") == 0, out.stderr  # one line, no traceback
    assert says in out.stderr and "Traceback" not in out.stderr


def test_names_that_slug_alike_get_their_own_documents_and_keep_their_text(graph, db, tmp_path):
    """模型.txt and 数据.txt, GPT-3.txt and gpt_3.txt: four files, four documents (each used to
    replace the one before it under file-document or file-gpt-3)."""
    texts = {
        "模型.txt": "GPT-3 was developed by OpenAI.",
        "数据.txt": "BERT was developed by Google.",
        "GPT-3.txt": "LLaMA was developed by Meta.",
        "gpt_3.txt": "Alpaca is fine-tuned from LLaMA.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    quiet = open(os.devnull, "w")  # noqa: SIM115 - closed with the test process
    call_command("ingest", *(str(tmp_path / name) for name in texts), stdout=quiet)
    documents = {d.key: d for d in selectors.documents_recent(limit=100)}
    assert len(documents) == 4
    assert {selectors.document_get(key=key).text for key in documents} == set(texts.values())
    assert "file-gpt-3" in documents  # a plain name's key stays as it was


def test_key_of_another_text_is_refused_without_replace_and_same_text_is_a_no_op(graph, db, tmp_path):
    first, other = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("GPT-3 was developed by OpenAI.", encoding="utf-8")
    other.write_text("BERT was developed by Google.", encoding="utf-8")
    assert _manage(str(first), "--key", "mine").returncode == 0
    again = _manage(str(first), "--key", "mine")
    assert again.returncode == 0 and "(unchanged)" in again.stdout
    refused = _manage(str(other), "--key", "mine")
    assert refused.returncode != 0 and refused.stderr.strip().count("\n") == 0, refused.stderr
    assert "key_taken" in refused.stderr and "--replace" in refused.stderr
    assert "OpenAI" in selectors.document_get(key="mine").text
    assert _manage(str(other), "--key", "mine", "--replace").returncode == 0
    assert "Google" in selectors.document_get(key="mine").text


def test_a_file_loaded_under_its_old_key_keeps_its_document(graph, db, tmp_path):
    """GPT-3.txt was file-gpt-3 before keys carried a hash of the name: re-ingesting it (revised, with
    --replace) revises that document instead of adding a second one beside it (review of issue 16)."""
    path = tmp_path / "GPT-3.txt"
    path.write_text("GPT-3 was developed by OpenAI.", encoding="utf-8")
    assert _manage(str(path), "--key", "file-gpt-3").returncode == 0  # as the old command keyed it
    again = _manage(str(path))
    assert again.returncode == 0 and "(unchanged)" in again.stdout, again.stdout + again.stderr
    path.write_text("GPT-3 was developed by OpenAI. GPT-3 uses the Transformer.", encoding="utf-8")
    assert _manage(str(path)).returncode != 0  # another text under its key: --replace, as for any key
    assert _manage(str(path), "--replace").returncode == 0
    keys = {d.key for d in selectors.documents_recent(limit=100)}
    assert keys == {"file-gpt-3"}
    assert "Transformer" in selectors.document_get(key="file-gpt-3").text

"""Ingest of one document is all or nothing, proven with real failing inputs, and retrying is safe."""

import pytest

from ingest.models import Submission
from ingest.services import document_ingest
from ingest.submissions import submission_ingest
from kg import selectors, services
from kg.documents import AttributeIn, DocumentIn
from kg.errors import GraphError
from kg.repository import driver
from tests.factories import claim, document

V1 = [("instructgpt", "FINE_TUNES", "gpt-3"), ("gpt-3", "DEVELOPED_BY", "openai")]
V2 = [("llama", "USES", "rmsnorm"), ("alpaca", "FINE_TUNES", "llama")]
ARTICLE = "# Nimbus-3B\n\nNimbus-3B is a language model developed by OpenAI. Nimbus-3B is fine-tuned from LLaMA.\n"


def _snapshot() -> tuple:
    counts = selectors.graph_counts()
    doc = selectors.document_get(key="doc-a")
    gpt3 = selectors.entity_get(key="gpt-3")
    return counts, doc.sha256, sorted((r.fact_key, len(r.evidence)) for r in (*gpt3.outgoing, *gpt3.incoming))


def _with_bad_attribute(doc: DocumentIn) -> DocumentIn:
    """A value Neo4j cannot store as a property (a map): the load fails late, after most writes ran."""
    bad = AttributeIn(entity="llama", name="parameters", value={"approx": 7e9}, claim=claim("LLaMA has 7B."))
    return DocumentIn(**{**doc.__dict__, "attributes": (bad,)})


def test_a_failing_revision_changes_nothing_and_the_fixed_retry_loads_once(graph):
    services.document_load(doc=document("doc-a", V1))
    before = _snapshot()
    revision = document("doc-a", V2)
    with pytest.raises(GraphError):
        services.document_load(doc=_with_bad_attribute(revision))
    assert _snapshot() == before  # the old version is whole: its claims, facts and text
    assert not [h for h in selectors.entity_search(query="Alpaca") if h.key == "alpaca"]
    assert services.document_load(doc=revision).changed
    assert not services.document_load(doc=revision).changed  # and again: nothing to do
    assert selectors.document_get(key="doc-a").sha256 == revision.sha256
    assert {r.fact_key for r in selectors.entity_get(key="llama").incoming} == {"alpaca|FINE_TUNES|llama"}


def test_a_failed_job_says_why_leaves_no_partial_facts_and_can_be_retried(graph, db):
    extraction = document_ingest(source=ARTICLE, key="probe", dry_run=True).extraction
    planted = next(e.key for e in extraction.entities if e.label == "Model" and e.source == "lexicon")
    # A node holding the key without the :Entity label (say, left by a broken import): the load's
    # MERGE creates a second :Model with that key and the uniqueness constraint refuses it.
    driver.run_autocommit("CREATE (:Model {key: $key, name: 'stray'})", key=planted)
    submission = Submission.objects.create(content=ARTICLE.encode(), title="Nimbus")
    submission_ingest(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.state == Submission.State.FAILED
    assert submission.error_code == "graph_error" and "ConstraintValidationFailed" in submission.error_message
    assert selectors.graph_counts()["documents"] == 0
    assert selectors.facts_review(filters={}).total == 0
    driver.run_autocommit("MATCH (n:Model {key: $key}) WHERE NOT n:Entity DELETE n", key=planted)
    submission_ingest(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.state == Submission.State.DONE, submission.error_message
    assert submission.attempts == 2
    assert selectors.document_get(key=submission.document_key).title == "Nimbus"
    assert selectors.facts_review(filters={"document": submission.document_key}).total >= 1

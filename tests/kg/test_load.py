"""Loading documents into the real Neo4j: idempotence, revision, deletion, derived edges, the
vocabulary's allowed endpoints."""

from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from ingest.pipeline import extract
from ingest.services import extraction_to_document
from kg import selectors, services
from kg.documents import FactIn
from kg.errors import InvalidQuery
from tests.factories import claim, document

LINEAGE = [("instructgpt", "FINE_TUNES", "gpt-3"), ("chatgpt", "FINE_TUNES", "instructgpt")]


def _relations(key: str) -> set[tuple[str, str, str]]:
    entity = selectors.entity_get(key=key)
    return {(r.subject.key, r.type, r.object.key) for r in (*entity.outgoing, *entity.incoming)}


def test_load_creates_entities_facts_and_traversable_lineage(graph):
    result = services.document_load(doc=document("doc-a", [*LINEAGE, ("gpt-3", "DEVELOPED_BY", "openai")]))
    assert result.changed and result.claims == 3
    lineage = selectors.model_lineage(key="chatgpt", direction="up", depth=5)
    assert [(n.key, n.hops) for n in lineage.nodes] == [("instructgpt", 1), ("gpt-3", 2)]
    assert {(e.source, e.type, e.target) for e in lineage.edges} == {
        ("chatgpt", "FINE_TUNES", "instructgpt"),
        ("instructgpt", "FINE_TUNES", "gpt-3"),
    }
    down = selectors.model_lineage(key="gpt-3", direction="down", depth=1)
    assert [n.key for n in down.nodes] == ["instructgpt"]
    gpt3 = selectors.entity_get(key="gpt-3")
    assert gpt3.label == "Model" and "GPT3" in gpt3.aliases
    developed = [r for r in gpt3.outgoing if r.type == "DEVELOPED_BY"]
    assert developed[0].object.key == "openai"
    evidence = developed[0].evidence[0]
    assert evidence.document_key == "doc-a" and evidence.quote == "GPT-3 developed_by OpenAI."


def test_same_document_twice_changes_nothing(graph):
    doc = document("doc-a", LINEAGE)
    services.document_load(doc=doc)
    before = (selectors.graph_counts(), _relations("instructgpt"))
    again = services.document_load(doc=doc)
    assert not again.changed
    assert (selectors.graph_counts(), _relations("instructgpt")) == before


def test_revised_document_replaces_only_its_own_statements(graph):
    services.document_load(doc=document("doc-a", [LINEAGE[0]]))
    services.document_load(doc=document("doc-b", [LINEAGE[0], ("llama", "USES", "rmsnorm")]))
    services.document_load(doc=document("doc-b", [("alpaca", "FINE_TUNES", "llama")]))
    assert _relations("instructgpt") == {("instructgpt", "FINE_TUNES", "gpt-3")}  # doc-a still states it
    assert _relations("llama") == {("alpaca", "FINE_TUNES", "llama")}  # the USES fact left with the revision
    assert selectors.entity_redirect(key="rmsnorm") is None
    assert not [hit for hit in selectors.entity_search(query="RMSNorm") if hit.key == "rmsnorm"]


def test_deleting_a_document_keeps_facts_other_documents_support(graph):
    services.document_load(doc=document("doc-a", [LINEAGE[0]]))
    services.document_load(doc=document("doc-b", [LINEAGE[0], ("llama", "USES", "rmsnorm")]))
    assert services.document_delete(key="doc-b")
    assert _relations("instructgpt") == {("instructgpt", "FINE_TUNES", "gpt-3")}
    remaining = {hit.key for hit in selectors.entity_search(query="llama")}
    assert "llama" not in remaining
    assert selectors.graph_counts()["documents"] == 1
    assert not services.document_delete(key="doc-b")


@override_settings(INGEST_AUTO_ACCEPT_CONFIDENCE=0.9)
def test_low_confidence_facts_wait_for_review_and_can_be_hidden(graph):
    services.document_load(doc=document("doc-a", [LINEAGE[0]], confidence=0.5))
    assert [r.status for r in selectors.entity_get(key="gpt-3").incoming] == ["proposed"]
    assert selectors.entity_get(key="gpt-3", include_unreviewed=False).incoming == ()
    assert selectors.model_lineage(key="instructgpt", include_unreviewed=False).nodes == ()
    services.document_load(doc=document("doc-b", [LINEAGE[0]], confidence=0.95))
    assert [r.status for r in selectors.entity_get(key="gpt-3").incoming] == ["accepted"]


def test_a_document_with_facts_the_vocabulary_does_not_allow_is_refused_whole(graph):
    services.document_load(doc=document("doc-a", [LINEAGE[0]]))
    before = (selectors.graph_counts(), _relations("instructgpt"))
    bad = document("doc-b", [("alpaca", "FINE_TUNES", "llama"), ("llama", "DERIVED_FROM", "rmsnorm")])
    unknown = FactIn(subject="alpaca", type="TRAINED_ON", object="no-such-dataset", claims=(claim("Alpaca."),))
    bad = replace(bad, facts=(*bad.facts, unknown))
    with pytest.raises(InvalidQuery) as refused:
        services.document_load(doc=bad)
    assert [(f["fact"], f["reason"]) for f in refused.value.detail["facts"]] == [
        ("llama -DERIVED_FROM-> rmsnorm", "DERIVED_FROM cannot join a Model to a Technique"),
        ("alpaca -TRAINED_ON-> no-such-dataset", "not an entity of the document: no-such-dataset"),
    ]
    assert "llama -DERIVED_FROM-> rmsnorm" in refused.value.message
    assert (selectors.graph_counts(), _relations("instructgpt")) == before  # nothing of doc-b was written
    assert selectors.entity_redirect(key="alpaca") is None and not selectors.entity_search(query="Alpaca")
    good = replace(bad, facts=bad.facts[:1])
    assert services.document_load(doc=good).changed
    assert _relations("alpaca") == {("alpaca", "FINE_TUNES", "llama")}


SEEDS = sorted((Path(settings.BASE_DIR) / "fixtures" / "articles").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_the_pipeline_output_on_every_seed_article_passes_the_loaders_check(path):
    doc = extraction_to_document(extract(path.read_bytes(), name=path.name), key="seed")
    assert doc.facts
    assert services.document_refused_facts(doc=doc) == []

"""The curation rules against the real Neo4j: decisions outlive re-ingests, deletion, thresholds."""

from django.test import override_settings

from kg import selectors, services
from tests.factories import document

FT = ("instructgpt", "FINE_TUNES", "gpt-3")
DEV = ("gpt-3", "DEVELOPED_BY", "openai")
USES = ("llama", "USES", "rmsnorm")


def _key(fact: tuple[str, str, str]) -> str:
    return "|".join(fact)


def _status(fact: tuple[str, str, str]) -> str | None:
    page = selectors.facts_review(filters={"keys": [_key(fact)]})
    return page.facts[0].status if page.facts else None


def _visible(key: str, *, include_unreviewed: bool = True) -> set[str]:
    entity = selectors.entity_get(key=key, include_unreviewed=include_unreviewed)
    return {r.fact_key for r in (*entity.outgoing, *entity.incoming)}


@override_settings(INGEST_AUTO_ACCEPT_CONFIDENCE=0.9)
def test_decisions_survive_reingest_of_any_document_and_revisions(graph):
    services.document_load(doc=document("doc-a", [FT, DEV], confidence=0.5))
    services.fact_decide(key=_key(FT), decision="rejected")
    services.fact_decide(key=_key(DEV), decision="accepted")
    # Another document states both facts with high confidence: the decisions hold.
    services.document_load(doc=document("doc-b", [FT, DEV], confidence=0.99))
    # The first document is revised: it no longer states FT, then states it again.
    services.document_load(doc=document("doc-a", [DEV, USES], confidence=0.5))
    services.document_load(doc=document("doc-a", [FT, DEV], text="revised " * 3, confidence=0.95))
    assert (_status(FT), _status(DEV)) == ("rejected", "accepted")
    assert _key(FT) not in _visible("gpt-3")
    lineage = selectors.model_lineage(key="instructgpt", direction="up")
    assert lineage.nodes == ()


@override_settings(INGEST_AUTO_ACCEPT_CONFIDENCE=0.9)
def test_a_rejection_held_while_no_document_states_the_fact(graph):
    services.document_load(doc=document("doc-a", [FT], confidence=0.95))
    services.fact_decide(key=_key(FT), decision="rejected")
    assert services.document_delete(key="doc-a")
    assert selectors.graph_counts()["models"] == 0  # a rejected fact keeps no entity alive
    services.document_load(doc=document("doc-c", [FT], confidence=0.99))
    assert _status(FT) == "rejected"


@override_settings(INGEST_AUTO_ACCEPT_CONFIDENCE=0.9)
def test_deleting_a_document_keeps_accepted_and_curated_facts_only(graph):
    services.document_load(doc=document("doc-a", [FT, DEV, USES], confidence=0.5))
    services.fact_decide(key=_key(DEV), decision="accepted")
    services.entity_create(label="Technique", name="RLHF")
    made = services.fact_create(subject="llama", type="uses", object="rlhf")
    assert made.after["curated"] and made.after["status"] == "accepted"
    assert services.document_delete(key="doc-a")
    assert _status(FT) is None  # only doc-a supported it and nobody decided: gone
    assert _status(USES) is None
    assert _status(DEV) == "accepted"  # curator-accepted: stays, though no document states it now
    assert _status(("llama", "USES", "rlhf")) == "accepted"  # curator-created: stays
    assert _visible("gpt-3") == {_key(DEV)}
    assert {r.evidence for r in selectors.entity_get(key="gpt-3").outgoing} == {()}


@override_settings(INGEST_AUTO_ACCEPT_CONFIDENCE=0.8)
def test_auto_accept_threshold_and_hiding_unreviewed(graph):
    services.document_load(doc=document("doc-a", [FT], confidence=0.85))
    services.document_load(doc=document("doc-b", [DEV], confidence=0.6))
    assert (_status(FT), _status(DEV)) == ("accepted", "proposed")
    assert _visible("gpt-3", include_unreviewed=False) == {_key(FT)}
    assert _visible("gpt-3") == {_key(FT), _key(DEV)}
    with override_settings(INGEST_AUTO_ACCEPT_CONFIDENCE=0.5):
        services.document_load(doc=document("doc-c", [USES], confidence=0.6))
    assert _status(USES) == "accepted"


@override_settings(INGEST_AUTO_ACCEPT_CONFIDENCE=0.9)
def test_bulk_accept_above_a_confidence_leaves_the_rest_and_decided_ones(graph):
    services.document_load(doc=document("doc-a", [FT], confidence=0.85))
    services.document_load(doc=document("doc-b", [DEV], confidence=0.6))
    services.document_load(doc=document("doc-c", [USES], confidence=0.88))
    services.fact_decide(key=_key(USES), decision="rejected")
    assert services.facts_accept_above(min_confidence=0.8, filters={"type": "developed-by"}) == []
    changes = services.facts_accept_above(min_confidence=0.8)
    assert [c.target_key for c in changes] == [_key(FT)]
    assert (_status(FT), _status(DEV), _status(USES)) == ("accepted", "proposed", "rejected")

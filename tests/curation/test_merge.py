"""Merging duplicates in the real Neo4j: facts re-key without duplicates, the old key redirects."""

import pytest

from kg import selectors, services
from kg.documents import ClaimIn, DocumentIn, EntityIn, FactIn
from kg.errors import Conflict, EntityNotFound
from tests.factories import document


def _doc(key: str, entities: list[tuple[str, str, str]], facts: list[tuple[str, str, str]], text: str) -> DocumentIn:
    """A document whose entities (key, label, name) are mentioned where their names occur."""
    ents = tuple(
        EntityIn(
            key=k,
            label=label,
            name=name,
            aliases=(name,),
            properties={},
            mention_spans=((text.find(name), text.find(name) + len(name)),),
        )
        for k, label, name in entities
    )
    claim = ClaimIn(quote=text, start=0, end=len(text), extractor="test", extractor_version="t/1", confidence=0.5)
    return DocumentIn(
        key=key,
        title=key,
        language="en",
        sha256=str(hash(text)),
        text=text,
        extractor_version="t/1",
        properties={"chars": len(text)},
        entities=ents,
        facts=tuple(FactIn(subject=s, type=t, object=o, claims=(claim,)) for s, t, o in facts),
        attributes=(),
    )


ZEPH = ("zephyr-7b", "Model", "Zephyr-7B")
TYPO = ("zephry-7b", "Model", "Zephry-7B")
MISTRAL = ("mistral-7b", "Model", "Mistral 7B")
ORG = ("mistral-ai", "Organization", "Mistral AI")


def _facts(key: str) -> dict[str, str]:
    entity = selectors.entity_get(key=key)
    return {r.fact_key: r.status for r in (*entity.outgoing, *entity.incoming)}


def test_merge_moves_facts_mentions_aliases_and_redirects(graph):
    text_a = "Zephyr-7B fine-tunes Mistral 7B. Zephry-7B is developed by Mistral AI. Mistral AI"
    services.document_load(
        doc=_doc(
            "doc-a",
            [ZEPH, TYPO, MISTRAL, ORG],
            [
                ("zephyr-7b", "FINE_TUNES", "mistral-7b"),
                ("zephry-7b", "DEVELOPED_BY", "mistral-ai"),
                ("zephry-7b", "FINE_TUNES", "mistral-7b"),
                ("zephry-7b", "DERIVED_FROM", "zephyr-7b"),
            ],
            text_a,
        )
    )
    services.fact_decide(key="zephry-7b|FINE_TUNES|mistral-7b", decision="accepted")
    change = services.entity_merge(survivor="zephyr-7b", other="zephry-7b")
    assert change.after["facts"] == {
        "zephry-7b|DEVELOPED_BY|mistral-ai": "zephyr-7b|DEVELOPED_BY|mistral-ai",
        "zephry-7b|FINE_TUNES|mistral-7b": "zephyr-7b|FINE_TUNES|mistral-7b",
        "zephry-7b|DERIVED_FROM|zephyr-7b": None,  # would be a self-loop: dropped
    }
    facts = _facts("zephyr-7b")
    # The same-key fact absorbed the duplicate and kept the curator's decision; no self-loop.
    assert facts == {"zephyr-7b|FINE_TUNES|mistral-7b": "accepted", "zephyr-7b|DEVELOPED_BY|mistral-ai": "proposed"}
    merged = selectors.fact_review(key="zephyr-7b|FINE_TUNES|mistral-7b")
    assert len(merged.evidence) == 1  # the same quote from the same document is not counted twice
    survivor = selectors.entity_get(key="zephyr-7b")
    assert "Zephry-7B" in survivor.aliases
    assert [d.key for d in survivor.documents] == ["doc-a"]
    with pytest.raises(EntityNotFound):
        selectors.entity_get(key="zephry-7b")
    assert selectors.entity_redirect(key="zephry-7b") == "zephyr-7b"
    assert [n.key for n in selectors.model_lineage(key="zephyr-7b", direction="up").nodes] == ["mistral-7b"]
    assert {h.key for h in selectors.entity_search(query="Zephry-7B")} >= {"zephyr-7b"}


def test_reingest_after_merge_follows_the_redirect_and_earlier_redirects_repoint(graph):
    text = "Zephyr-7B fine-tunes Mistral 7B. Zephry-7B is developed by Mistral AI."
    doc = _doc(
        "doc-a",
        [ZEPH, TYPO, MISTRAL, ORG],
        [("zephry-7b", "DEVELOPED_BY", "mistral-ai"), ("zephyr-7b", "FINE_TUNES", "mistral-7b")],
        text,
    )
    services.document_load(doc=doc)
    services.entity_create(label="Model", name="Zephyr 7B Beta", key="zephyr-beta")
    services.entity_merge(survivor="zephry-7b", other="zephyr-beta")
    services.entity_merge(survivor="zephyr-7b", other="zephry-7b")
    assert selectors.entity_redirect(key="zephyr-beta") == "zephyr-7b"
    revised = _doc(
        "doc-a", [ZEPH, TYPO, MISTRAL, ORG], [("zephry-7b", "DEVELOPED_BY", "mistral-ai")], text + " Revised."
    )
    services.document_load(doc=revised)
    assert _facts("zephyr-7b") == {"zephyr-7b|DEVELOPED_BY|mistral-ai": "proposed"}
    assert selectors.graph_counts()["models"] == 2  # zephyr-7b and mistral-7b: no duplicate came back
    assert "Zephyr 7B Beta" in selectors.entity_get(key="zephyr-7b").aliases


def test_merge_conflicts(graph):
    services.document_load(doc=document("doc-a", [("gpt-3", "DEVELOPED_BY", "openai")]))
    with pytest.raises(Conflict):
        services.entity_merge(survivor="gpt-3", other="gpt-3")
    with pytest.raises(Conflict):
        services.entity_merge(survivor="gpt-3", other="openai")
    with pytest.raises(EntityNotFound):
        services.entity_merge(survivor="gpt-3", other="no-such-model")
    assert selectors.entity_get(key="openai").label == "Organization"

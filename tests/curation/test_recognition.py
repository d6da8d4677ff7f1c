"""Entities and aliases curators make feed recognition: the next ingest of any document finds them
as it finds the lexicon's names (real pipeline, real Neo4j; through the API and the admin)."""

from ingest.services import document_ingest
from kg import services
from kg.repository import driver
from tests.factories import document

TEXT = "Our model applies quiet tuning to the big camelid, which Meta trained on public data."


def _found(**kwargs) -> dict[str, list[str]]:
    extraction = document_ingest(source=TEXT, key="doc-r", name="r.txt", language="en", **kwargs).extraction
    return {e.key: [m.text for m in e.mentions] for e in extraction.entities}


def _mentioned_in(key: str, document: str) -> bool:
    query = "RETURN EXISTS { (:Entity {key: $key})-[:MENTIONED_IN]->(:Document {key: $document}) } AS yes"
    return driver.read(lambda tx: tx.run(query, key=key, document=document).single()["yes"])


def test_a_curators_entity_and_alias_are_recognised_by_the_next_ingest(graph, api, admin_client):
    services.document_load(doc=document("doc-a", [("alpaca", "FINE_TUNES", "llama")]))
    before = _found(dry_run=True)
    assert "quiet-tuning" not in before and "llama" not in before
    created = api.post("/api/v1/entities", {"label": "Technique", "name": "Quiet Tuning"}, format="json")
    assert created.status_code == 201, created.content
    edited = admin_client.post(
        "/admin/curation/curatedentity/llama/", {"name": "LLaMA", "aliases": "big camelid"}, follow=True
    )
    assert "Saved." in edited.content.decode()
    after = _found()
    assert after["quiet-tuning"] == ["quiet tuning"]
    assert after["llama"] == ["big camelid"]
    assert _mentioned_in("quiet-tuning", "doc-r") and _mentioned_in("llama", "doc-r")

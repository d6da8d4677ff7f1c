"""The curators' REST write endpoints against the real Neo4j: auth, decisions, edits, merges, 409s."""

from urllib.parse import unquote

from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from curation.models import AuditEntry
from kg import selectors, services
from tests.factories import document

FT = "instructgpt|FINE_TUNES|gpt-3"
DEV = "gpt-3|DEVELOPED_BY|openai"


def _load(confidence: float = 0.5) -> None:
    facts = [("instructgpt", "FINE_TUNES", "gpt-3"), ("gpt-3", "DEVELOPED_BY", "openai")]
    services.document_load(doc=document("doc-a", facts, confidence=confidence))


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()["error"]
    assert body["code"] == code and body["message"]
    return body


def test_writes_need_a_token_and_the_curator_permission(graph, db):
    _load()
    _error(APIClient().post(f"/api/v1/facts/{FT}/accept"), 401, "not_authenticated")
    reader = get_user_model().objects.create_user("reader", password="x-unused-pw-1")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reader).key}")
    _error(client.post(f"/api/v1/facts/{FT}/accept"), 403, "permission_denied")
    _error(
        client.post("/api/v1/entities/merge", {"survivor": "gpt-3", "other": "instructgpt"}), 403, "permission_denied"
    )
    assert selectors.fact_review(key=FT).decision is None
    assert APIClient().get(f"/api/v1/facts/{FT}").status_code == 200  # reading a fact is public


def test_accept_and_reject_are_logged_and_visible(graph, api, curator):
    _load()
    accepted = api.post(f"/api/v1/facts/{FT}/accept")
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["fact"]["status"] == "accepted" and body["fact"]["decision"] == "accepted"
    assert body["audit"][0]["action"] == "fact_accept" and body["audit"][0]["before"]["status"] == "proposed"
    assert accepted["ETag"] == f'"{body["fact"]["version"]}"'
    rejected = api.post(f"/api/v1/facts/{DEV}/reject").json()
    assert rejected["fact"]["status"] == "rejected"
    relations = selectors.entity_get(key="gpt-3", include_unreviewed=False)
    assert [r.fact_key for r in relations.incoming] == [FT] and relations.outgoing == ()
    entries = AuditEntry.objects.filter(user=curator).values_list("action", "target_key")
    assert set(entries) == {("fact_accept", FT), ("fact_reject", DEV)}
    history = api.get("/api/v1/audit", {"key": DEV}).json()["entries"]
    assert [e["action"] for e in history] == ["fact_reject"]


def test_if_match_refuses_a_stale_write(graph, api):
    _load()
    version = api.get(f"/api/v1/facts/{FT}")["ETag"]
    api.post(f"/api/v1/facts/{FT}/reject")
    body = _error(api.post(f"/api/v1/facts/{FT}/accept", HTTP_IF_MATCH=version), 412, "precondition_failed")
    assert body["detail"]["key"] == FT
    edit = {"reverse": True}
    _error(api.post(f"/api/v1/facts/{FT}/edit", edit, format="json", HTTP_IF_MATCH=version), 412, "precondition_failed")
    _error(api.post(f"/api/v1/facts/{FT}/reject", HTTP_IF_MATCH='"0000"'), 412, "precondition_failed")
    fresh = api.get(f"/api/v1/facts/{FT}")["ETag"]
    assert api.post(f"/api/v1/facts/{FT}/accept", HTTP_IF_MATCH=fresh).status_code == 200


def test_edit_replaces_a_fact_with_a_curated_one(graph, api):
    _load()
    response = api.post(f"/api/v1/facts/{FT}/edit", {"reverse": True, "type": "derived-from"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    new_key = "gpt-3|DERIVED_FROM|instructgpt"
    assert body["fact"]["key"] == new_key and unquote(response["Location"]).endswith(f"/facts/{new_key}")
    assert body["fact"]["curated"] and body["fact"]["status"] == "accepted"
    assert body["replaced"]["status"] == "rejected"
    assert [e["action"] for e in body["audit"]] == ["fact_edit", "fact_create"]
    _error(api.post(f"/api/v1/facts/{new_key}/edit", {}, format="json"), 400, "invalid_parameter")
    bad = api.post(f"/api/v1/facts/{DEV}/edit", {"type": "fine-tunes"}, format="json")
    assert _error(bad, 400, "invalid_parameter")["detail"]["object_label"] == "Organization"
    _error(api.post("/api/v1/facts/no|SUCH|fact/accept"), 404, "not_found")


def test_create_and_edit_entities_and_relations(graph, api):
    _load()
    made = api.post("/api/v1/entities", {"label": "Model", "name": "Zephyr 7B", "aliases": ["Zephyr"]}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["entity"]["key"] == "zephyr-7b"
    _error(api.post("/api/v1/entities", {"label": "Model", "name": "Zephyr 7B"}, format="json"), 409, "conflict")
    fact = api.post(
        "/api/v1/facts", {"subject": "zephyr-7b", "type": "developed-by", "object": "openai"}, format="json"
    )
    assert fact.status_code == 201 and fact.json()["fact"]["curated"]
    patched = api.patch("/api/v1/entities/zephyr-7b", {"name": "Zephyr-7B", "aliases": ["zephyr"]}, format="json")
    assert patched.status_code == 200
    assert {"Zephyr-7B", "zephyr", "Zephyr 7B"} <= set(patched.json()["entity"]["aliases"])
    assert selectors.entity_get(key="zephyr-7b").name == "Zephyr-7B"


def test_merge_and_its_conflicts(graph, api):
    _load()
    api.post("/api/v1/entities", {"label": "Model", "name": "GPT3", "key": "gpt3"}, format="json")
    api.post("/api/v1/facts", {"subject": "gpt3", "type": "developed-by", "object": "openai"}, format="json")
    _error(api.post("/api/v1/entities/merge", {"survivor": "gpt-3", "other": "gpt-3"}, format="json"), 409, "conflict")
    wrong = api.post("/api/v1/entities/merge", {"survivor": "gpt-3", "other": "openai"}, format="json")
    assert _error(wrong, 409, "conflict")["detail"]["labels"] == ["Model", "Organization"]
    merged = api.post("/api/v1/entities/merge", {"survivor": "gpt-3", "other": "gpt3"}, format="json")
    assert merged.status_code == 200, merged.content
    assert merged.json()["facts"] == {"gpt3|DEVELOPED_BY|openai": DEV}
    assert selectors.fact_review(key=DEV).curated  # folded into the existing fact, curator's mark kept
    moved = APIClient().get("/api/v1/models/gpt3")
    assert moved.status_code == 301 and moved["Location"].endswith("/api/v1/models/gpt-3")
    again = api.post("/api/v1/entities/merge", {"survivor": "gpt-3", "other": "gpt3"}, format="json")
    assert _error(again, 404, "not_found")["detail"]["merged_into"] == "gpt-3"


def test_revert_restores_the_state_before_and_is_logged(graph, api):
    _load()
    entry = api.post(f"/api/v1/facts/{FT}/accept").json()["audit"][0]
    reverted = api.post(f"/api/v1/audit/{entry['id']}/revert")
    assert reverted.status_code == 200, reverted.content
    assert reverted.json()["audit"][0]["reverts"] == entry["id"]
    assert selectors.fact_review(key=FT).status == "proposed"
    _error(api.post(f"/api/v1/audit/{entry['id']}/revert"), 409, "conflict")
    _error(api.post("/api/v1/audit/999999/revert"), 404, "not_found")


def test_a_curator_states_only_what_the_loader_would_accept(graph, api):
    """One allow-list (kg.vocabulary.ENDPOINTS) for the loader and for curators: DERIVED_FROM joins two
    models or two techniques, never a model to a technique."""
    services.document_load(doc=document("doc-a", [("instructgpt", "USES", "rlhf")], confidence=0.5))
    mixed = {"subject": "instructgpt", "type": "derived-from", "object": "rlhf"}
    body = _error(api.post("/api/v1/facts", mixed, format="json"), 400, "invalid_parameter")
    assert body["detail"] == {"type": "derived-from", "subject_label": "Model", "object_label": "Technique"}
    assert services.document_refused_facts(doc=document("doc-b", [("instructgpt", "DERIVED_FROM", "rlhf")]))

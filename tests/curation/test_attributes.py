"""Attribute values are curated like facts: accepted, rejected or given the right value, with the
same version checks, audit entries and reverts; decisions outlive re-ingests (real Neo4j)."""

from urllib.parse import quote

from curation.models import AuditEntry
from kg import selectors, services
from tests.factories import document

WRONG = "gpt-3|training_tokens|18000000000000"
RIGHT = "gpt-3|training_tokens|300000000000"


def _load(confidence: float = 0.5) -> None:
    doc = document(
        "doc-a",
        [("gpt-3", "DEVELOPED_BY", "openai")],
        confidence=confidence,
        attributes=(("gpt-3", "training_tokens", 18000000000000), ("gpt-3", "parameters", 175000000000)),
    )
    services.document_load(doc=doc)


def _url(key: str, op: str) -> str:
    return f"/api/v1/attribute-values/{quote(key, safe='|')}/{op}"


def _queued(api, **params) -> dict[str, dict]:
    response = api.get("/api/v1/attribute-values", params)
    assert response.status_code == 200, response.content
    return {v["key"]: v for v in response.json()["values"]}


def test_the_queue_lists_attribute_values_with_their_sentences(graph, api):
    _load()
    values = _queued(api, status="proposed")
    assert set(values) == {WRONG, "gpt-3|parameters|175000000000"}
    (evidence,) = values[WRONG]["evidence"]
    assert evidence["quote"] == "GPT-3 has training_tokens 18000000000000." and evidence["document_key"] == "doc-a"
    assert values[WRONG]["shown"] == 18000000000000 and values[WRONG]["decision"] is None
    assert api.get("/api/v1/attribute-values", {"status": "maybe"}).status_code == 400


def test_reject_then_reingest_keeps_the_decision_and_revert_undoes_it(graph, api):
    _load()
    version = _queued(api)[WRONG]["version"]
    stale = api.post(_url(WRONG, "reject"), HTTP_IF_MATCH='"0000"')
    assert stale.status_code == 412 and stale.json()["error"]["code"] == "precondition_failed", stale.content
    rejected = api.post(_url(WRONG, "reject"), HTTP_IF_MATCH=f'"{version}"')
    assert rejected.status_code == 200, rejected.content
    assert rejected.json()["value"]["decision"] == "rejected"
    assert "training_tokens" not in selectors.entity_get(key="gpt-3").properties
    _load(confidence=0.6)  # the document again, its claims written anew: the decision holds
    assert "training_tokens" not in selectors.entity_get(key="gpt-3").properties
    assert _queued(api, status="rejected")[WRONG]["decision"] == "rejected"
    entry = AuditEntry.objects.get(action="fact_reject", target_kind="attribute")
    assert api.post(f"/api/v1/audit/{entry.pk}/revert").status_code == 200
    assert selectors.entity_get(key="gpt-3").properties["training_tokens"] == 18000000000000
    assert _queued(api, status="proposed")[WRONG]["decision"] is None


def test_an_edit_gives_the_right_value_citing_the_original_sentence(graph, api):
    _load()
    response = api.post(_url(WRONG, "edit"), {"value": "300000000000"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["value"]["key"] == RIGHT and body["value"]["decision"] == "accepted" and body["value"]["curated"]
    assert body["replaced"]["decision"] == "rejected"
    assert selectors.entity_get(key="gpt-3").properties["training_tokens"] == 300000000000
    accepted = _queued(api, status="accepted")[RIGHT]
    assert accepted["evidence"][0]["quote"] == "GPT-3 has training_tokens 18000000000000."
    assert accepted["evidence"][0]["extractor"] == "curator"
    _load(confidence=0.6)  # a re-ingest leaves the curator's value and the rejection alone
    assert selectors.entity_get(key="gpt-3").properties["training_tokens"] == 300000000000
    assert api.post(_url(RIGHT, "edit"), {"value": "3e11"}, format="json").status_code == 400  # changes nothing
    assert api.post(_url("gpt-3|training_tokens|7", "accept")).status_code == 404
    entry = AuditEntry.objects.get(action="fact_create", target_kind="attribute")
    reverted = api.post(f"/api/v1/audit/{entry.pk}/revert")
    assert reverted.status_code == 200 and len(reverted.json()["audit"]) == 2
    assert selectors.entity_get(key="gpt-3").properties["training_tokens"] == 18000000000000
    assert RIGHT not in _queued(api)


def _entity(api, **params) -> dict:
    response = api.get("/api/v1/models/gpt-3", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_unreviewed_values_are_hidden_by_unreviewed_0_and_rejected_ones_never_shown(graph, api, client):
    _load()  # both values proposed, below the auto-accept threshold
    assert _entity(api)["properties"]["training_tokens"] == 18000000000000
    reviewed = _entity(api, unreviewed="0")
    assert "training_tokens" not in reviewed["properties"] and "parameters" not in reviewed["properties"]
    assert reviewed["attributes"] == []
    page = client.get("/models/gpt-3").content.decode()
    assert page.count('class="badge unreviewed"') == 2  # both values marked as unreviewed facts are
    assert api.post(_url("gpt-3|parameters|175000000000", "accept")).status_code == 200
    reviewed = _entity(api, unreviewed="0")
    assert reviewed["properties"]["parameters"] == 175000000000 and "training_tokens" not in reviewed["properties"]
    assert [a["name"] for a in reviewed["attributes"]] == ["parameters"]
    assert client.get("/models/gpt-3").content.decode().count('class="badge unreviewed"') == 1
    assert api.post(_url(WRONG, "reject")).status_code == 200
    everything = _entity(api)
    assert "training_tokens" not in everything["properties"]
    assert [a["name"] for a in everything["attributes"]] == ["parameters"]
    assert "18000000000000" not in client.get("/models/gpt-3").content.decode()


def test_values_at_the_threshold_are_settled(graph, api):
    _load(confidence=0.95)
    reviewed = _entity(api, unreviewed="0")
    assert reviewed["properties"]["training_tokens"] == 18000000000000
    assert {a["name"] for a in reviewed["attributes"]} == {"training_tokens", "parameters"}


ADMIN = "/admin/curation/reviewedfact/attributes/"


def test_the_admin_queue_accepts_rejects_and_edits_values(graph, client, curator):
    from tests.curation.conftest import CURATOR_PASSWORD

    assert client.login(username="cura", password=CURATOR_PASSWORD)
    _load()
    page = client.get(ADMIN).content.decode()
    assert f'data-key="{WRONG}"' in page and "<mark>GPT-3 has training_tokens 18000000000000.</mark>" in page
    assert 'id="attribute-values-link"' in client.get("/admin/curation/reviewedfact/").content.decode()
    assert client.get(ADMIN, {"status": "maybe"}).status_code == 400
    stale = client.post(ADMIN, {"op": "rejected", "key": WRONG, "version": "0000"}, follow=True).content.decode()
    assert "changed since it was read" in stale
    version = selectors.attribute_values(filters={"entity": "gpt-3"})[0]
    version = {v["key"]: v["version"] for v in version}[WRONG]
    edited = client.post(ADMIN, {"op": "edit", "key": WRONG, "version": version, "value": "3e11"}, follow=True)
    assert "Replaced by the value you gave" in edited.content.decode()
    assert selectors.entity_get(key="gpt-3").properties["training_tokens"] == 300000000000
    accepted = client.get(ADMIN, {"status": "accepted"}).content.decode()
    assert f'data-key="{RIGHT}"' in accepted and "curator's value" in accepted
    entry = AuditEntry.objects.get(action="fact_edit", target_kind="attribute")
    reverted = client.post(ADMIN, {"op": "revert", "entry": entry.pk}, follow=True).content.decode()
    assert "Reverted 2 entries." in reverted
    for wrong in ("abc", "²", "9" * 40, str(entry.pk + 1000)):  # a tampered form: a message, never an error page
        answer = client.post(ADMIN, {"op": "revert", "entry": wrong}, follow=True)
        assert answer.status_code == 200 and "No history entry" in answer.content.decode()
    assert selectors.entity_get(key="gpt-3").properties["training_tokens"] == 18000000000000
    parameters = "gpt-3|parameters|175000000000"
    version = {v["key"]: v["version"] for v in selectors.attribute_values(filters={})[0]}[parameters]
    client.post(ADMIN, {"op": "accepted", "key": parameters, "version": version})
    assert selectors.attribute_values(filters={"status": "accepted"})[0][0]["key"] == parameters


def test_decisions_and_citations_travel_in_the_export(graph, api):
    import json

    from kg import exchange

    _load()
    assert api.post(_url(WRONG, "edit"), {"value": "300000000000"}, format="json").status_code == 201
    body = {"subject": "gpt-3", "type": "developed-by", "object": "openai"}
    cited = {"document": "doc-a", "quote": "GPT-3 developed_by OpenAI."}
    assert api.post("/api/v1/facts", body | {"source": cited}, format="json").status_code == 201
    assert exchange.unexported_content() == {"labels": [], "types": []}
    data = json.loads("".join(exchange.graph_export(fmt="json")))
    assert {d["key"] for d in data["attribute_decisions"]} == {WRONG, RIGHT}
    assert any(c["cites"] == "doc-a" for c in data["claims"])
    graph.wipe()
    exchange.graph_import(data=data)
    assert selectors.entity_get(key="gpt-3").properties["training_tokens"] == 300000000000
    assert _queued(api, status="rejected")[WRONG]["decision"] == "rejected"
    evidence = selectors.fact_review(key="gpt-3|DEVELOPED_BY|openai").evidence
    (evidence,) = [e for e in evidence if e.extractor == "curator"]
    assert evidence.document_title == "Title of doc-a"  # the CITES edge came back with its document


def test_a_merge_carries_decisions_and_citations_and_its_undo_brings_them_back(graph, api):
    doc = document(
        "doc-m", [("chatgpt", "FINE_TUNES", "gpt-3")], confidence=0.5, attributes=(("chatgpt", "parameters", 20),)
    )
    services.document_load(doc=doc)
    assert api.post(_url("chatgpt|parameters|20", "reject")).status_code == 200
    web = {"url": "https://openai.com/blog/chatgpt"}
    body = {"subject": "chatgpt", "type": "developed-by", "object": "openai", "source": web}
    services.entity_create(label="Organization", name="OpenAI", key="openai")
    assert api.post("/api/v1/facts", body, format="json").status_code == 201
    merged = api.post("/api/v1/entities/merge", {"survivor": "gpt-3", "other": "chatgpt"}, format="json")
    assert merged.status_code == 200, merged.content
    assert _queued(api, status="rejected")["gpt-3|parameters|20"]["decision"] == "rejected"
    entry = AuditEntry.objects.get(action="entity_merge")
    assert api.post(f"/api/v1/audit/{entry.pk}/revert").status_code == 200
    assert _queued(api, status="rejected")["chatgpt|parameters|20"]["decision"] == "rejected"
    (evidence,) = selectors.fact_review(key="chatgpt|DEVELOPED_BY|openai").evidence
    assert evidence.url == web["url"]
    # Merged again and the document read anew: the claims land on the survivor, rejected still.
    assert (
        api.post("/api/v1/entities/merge", {"survivor": "gpt-3", "other": "chatgpt"}, format="json").status_code == 200
    )
    services.document_load(
        doc=document(
            "doc-m", [("chatgpt", "FINE_TUNES", "gpt-3")], confidence=0.6, attributes=(("chatgpt", "parameters", 20),)
        )
    )
    assert "parameters" not in selectors.entity_get(key="gpt-3").properties
    assert _queued(api, status="rejected")["gpt-3|parameters|20"]["claims"] == 1


def test_a_value_given_twice_cites_only_the_value_it_replaced_last(graph, api):
    _load()  # doc-a: training_tokens 18T
    other = document("doc-b", [], attributes=(("gpt-3", "training_tokens", 20000000000000),), confidence=0.5)
    services.document_load(doc=other)
    assert api.post(_url(WRONG, "edit"), {"value": "300000000000"}, format="json").status_code == 201
    second = api.post(_url("gpt-3|training_tokens|20000000000000", "edit"), {"value": "3e11"}, format="json")
    assert second.status_code == 201, second.content
    claims = [a for a in _entity(api)["attributes"] if a["name"] == "training_tokens" and a["value"] == 300000000000]
    quoted = [(c["evidence"]["document"], c["evidence"]["quote"]) for c in claims]
    assert quoted == [("doc-b", "GPT-3 has training_tokens 20000000000000.")]
    (value,) = [v for v in _queued(api, status="accepted").values() if v["key"] == RIGHT]
    assert [e["document_key"] for e in value["evidence"]] == ["doc-b"]

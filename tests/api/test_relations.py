"""The relations list: facts with their evidence, filtered by type, subject, object and status."""

import pytest

from kg import services
from tests.api.conftest import error_of


def _keys(api, **params) -> list[str]:
    response = api.get("/api/v1/relations", params)
    assert response.status_code == 200, response.content
    return [f["key"] for f in response.json()["results"]]


def test_relations_carry_quotes_offsets_documents_confidence_and_status(api):
    fact = api.get("/api/v1/relations", {"subject": "alpaca", "type": "fine-tunes"}).json()["results"][0]
    assert fact["key"] == "alpaca|FINE_TUNES|llama" and fact["type"] == "fine-tunes"
    assert fact["subject"] == {"key": "alpaca", "label": "Model", "name": "Alpaca", "url": "/api/v1/models/alpaca"}
    assert fact["status"] == "accepted" and fact["decision"] is None and fact["curated"] is False
    assert fact["confidence"] == 0.95 and fact["evidence_count"] == 1
    evidence = fact["evidence"][0]
    assert evidence["quote"] == "Alpaca fine_tunes LLaMA." and evidence["document"] == "doc-b"
    text = api.get("/api/v1/documents/doc-b").json()["text"]
    assert text[evidence["start"] : evidence["end"]] == evidence["quote"]


def test_relation_filters(api):
    assert _keys(api, type="fine-tunes", object="llama") == ["alpaca|FINE_TUNES|llama", "vicuna|FINE_TUNES|llama"]
    assert _keys(api, status="proposed") == ["vicuna|DERIVED_FROM|alpaca"]
    assert _keys(api, subject="gopher", type="trained-on") == ["gopher|TRAINED_ON|massivetext"]
    assert _keys(api, subject="nobody") == []
    assert len(_keys(api, limit=200)) == 12


def test_relations_page_in_key_order_without_overlap(api):
    seen, cursor = [], None
    while True:
        params = {"limit": 5} | ({"cursor": cursor} if cursor else {})
        body = api.get("/api/v1/relations", params).json()
        seen += [f["key"] for f in body["results"]]
        cursor = body["cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 12


def test_a_curators_rejection_shows_as_status_and_decision(api):
    services.fact_decide(key="vicuna|DERIVED_FROM|alpaca", decision="rejected")
    fact = api.get("/api/v1/relations", {"status": "rejected"}).json()["results"][0]
    assert fact["key"] == "vicuna|DERIVED_FROM|alpaca" and fact["decision"] == "rejected"


@pytest.mark.parametrize(
    "params", [{"type": "sibling-of"}, {"status": "maybe"}, {"cursor": "x"}, {"limit": -1}, {"subject": "s" * 500}]
)
def test_bad_relation_parameters_are_400(api, params):
    response = api.get("/api/v1/relations", params)
    assert response.status_code == 400 and error_of(response)["code"] == "invalid_parameter"


def test_unreviewed_false_leaves_out_proposed_facts(api):
    everything = _keys(api, limit=200)
    assert "vicuna|DERIVED_FROM|alpaca" in everything
    reviewed = _keys(api, limit=200, unreviewed="false")
    assert reviewed == [key for key in everything if key != "vicuna|DERIVED_FROM|alpaca"]
    assert _keys(api, unreviewed="0", status="proposed") == []


def test_subject_and_object_are_found_like_the_detail_endpoints_find_them(api):
    """/models/GPT3 redirects to gpt-3; the filter means gpt-3 too (an alias, another case, a merged key)."""
    by_key = _keys(api, subject="gpt-3")
    assert by_key and _keys(api, subject="GPT3") == by_key and _keys(api, subject="GPT-3") == by_key
    assert _keys(api, object="GPT3", type="fine-tunes") == ["instructgpt|FINE_TUNES|gpt-3"]
    services.entity_create(label="Model", name="LLaMA 65B", key="llama-65b")
    services.entity_merge(survivor="llama", other="llama-65b")
    assert _keys(api, object="llama-65b") == _keys(api, object="llama") != []


def test_document_filters_the_facts_it_states(api):
    assert _keys(api, document="doc-c") == ["vicuna|DERIVED_FROM|alpaca"]
    from_b = _keys(api, document="doc-b", limit=200)
    assert len(from_b) == 5 and all(k.split("|")[0] in {"alpaca", "vicuna", "gopher"} for k in from_b)
    assert _keys(api, document="no-such-document") == []


@pytest.mark.parametrize(
    ("url", "unknown"),
    [
        ("/api/v1/models?keys=a,b", "keys"),
        ("/api/v1/relations?subjet=gpt-3", "subjet"),
        ("/api/v1/models/gpt-3?verbose=1", "verbose"),
        ("/api/v1/documents/doc-a?x=1", "x"),
        ("/api/v1/models/gpt-3/lineage?deep=2", "deep"),
        ("/api/v1/search?q=gpt&labels=model", "labels"),
    ],
)
def test_unknown_query_parameters_are_400_naming_them(api, url, unknown):
    response = api.get(url)
    assert response.status_code == 400, response.content
    error = error_of(response)
    assert error["code"] == "invalid_parameter" and list(error["detail"]) == [unknown]
    assert "Unknown parameter" in error["detail"][unknown][0]


def test_curators_reads_refuse_unknown_parameters_too(curator, seeded):
    for url in (
        "/api/v1/facts/alpaca%7CFINE_TUNES%7Cllama?x=1",
        "/api/v1/jobs/1?x=1",
    ):
        response = curator.get(url)
        assert response.status_code == 400 and list(error_of(response)["detail"]) == ["x"], url

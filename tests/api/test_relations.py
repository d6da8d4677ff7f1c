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

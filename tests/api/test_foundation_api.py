"""The REST API's first endpoints against the real Neo4j: JSON, the error shape, validation."""

import pytest
from rest_framework.test import APIClient

from kg import services
from tests.factories import document


@pytest.fixture
def api(graph, db):
    services.document_load(
        doc=document(
            "doc-a",
            [
                ("instructgpt", "FINE_TUNES", "gpt-3"),
                ("chatgpt", "FINE_TUNES", "instructgpt"),
                ("gpt-3", "DEVELOPED_BY", "openai"),
            ],
        )
    )
    return APIClient()


def test_model_detail_answers_json_with_relations_and_evidence(api):
    response = api.get("/api/v1/models/gpt-3")
    assert response.status_code == 200
    body = response.json()
    assert body["key"] == "gpt-3" and body["label"] == "Model" and "GPT3" in body["aliases"]
    developed = [r for r in body["relations"] if r["type"] == "developed-by"]
    assert developed[0]["object"]["key"] == "openai"
    assert developed[0]["evidence"][0]["document"] == "doc-a"


def test_unknown_key_is_404_with_the_error_shape(api):
    response = api.get("/api/v1/models/no-such-model")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_wrong_label_redirects_to_the_canonical_url(api):
    response = api.get("/api/v1/organizations/gpt-3")
    assert response.status_code == 301 and response["Location"] == "/api/v1/models/gpt-3"


def test_lineage_returns_nodes_and_typed_edges(api):
    response = api.get("/api/v1/models/chatgpt/lineage", {"direction": "up", "depth": 2})
    assert response.status_code == 200
    body = response.json()
    assert [n["key"] for n in body["nodes"]] == ["instructgpt", "gpt-3"]
    assert {"source": "chatgpt", "target": "instructgpt", "type": "fine-tunes"}.items() <= body["edges"][0].items()


@pytest.mark.parametrize(
    "params", [{"depth": 0}, {"depth": 11}, {"depth": "x"}, {"direction": "sideways"}, {"types": "uses"}]
)
def test_bad_lineage_parameters_are_400(api, params):
    response = api.get("/api/v1/models/chatgpt/lineage", params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_parameter"


def test_search_endpoint(api):
    body = api.get("/api/v1/search", {"q": "gpt3"}).json()
    assert body["results"][0]["key"] == "gpt-3"
    assert api.get("/api/v1/search").status_code == 400


def test_schema_is_served(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200 and b"/api/v1/models/{key}/lineage" in response.content

"""The neighbourhood endpoint the graph explorer expands with: shape, filters, redirects and refusals."""

import pytest

from tests.api.conftest import error_of


def test_neighbourhood_has_the_center_its_neighbours_and_directed_typed_edges(api):
    response = api.get("/api/v1/models/instructgpt/neighbourhood")
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert body["center"] == {
        "key": "instructgpt",
        "label": "Model",
        "name": "InstructGPT",
        "url": "/api/v1/models/instructgpt",
    }
    assert body["hops"] == 1 and body["truncated"] is False
    hops = {n["key"]: n["hops"] for n in body["nodes"]}
    assert hops == {"instructgpt": 0, "gpt-3": 1, "chatgpt": 1, "openai": 1, "rlhf": 1}
    openai = next(n for n in body["nodes"] if n["key"] == "openai")
    assert openai["url"] == "/api/v1/organizations/openai" and openai["label"] == "Organization"
    edges = {(e["source"], e["type"], e["target"]) for e in body["edges"]}
    assert ("instructgpt", "fine-tunes", "gpt-3") in edges  # the subject is the source: child → parent
    assert ("chatgpt", "fine-tunes", "instructgpt") in edges
    assert ("instructgpt", "developed-by", "openai") in edges
    assert all(set(e) == {"source", "target", "type", "status", "kind"} for e in body["edges"])


def test_neighbourhood_follows_hops_and_types(api):
    two = api.get("/api/v1/models/chatgpt/neighbourhood", {"hops": 2}).json()
    assert {n["key"]: n["hops"] for n in two["nodes"]}["gpt-3"] == 2
    lineage = api.get("/api/v1/models/chatgpt/neighbourhood?hops=2&type=fine-tunes").json()
    assert {n["key"] for n in lineage["nodes"]} == {"chatgpt", "instructgpt", "gpt-3"}
    assert {e["type"] for e in lineage["edges"]} == {"fine-tunes"}
    both = api.get("/api/v1/models/instructgpt/neighbourhood?type=uses&type=developed-by").json()
    assert {e["type"] for e in both["edges"]} == {"uses", "developed-by"}


def test_neighbourhood_can_leave_unreviewed_facts_out(api):
    everything = api.get("/api/v1/models/vicuna/neighbourhood").json()
    assert "alpaca" in {n["key"] for n in everything["nodes"]}  # a proposed fact, confidence 0.5
    reviewed = api.get("/api/v1/models/vicuna/neighbourhood", {"unreviewed": "false"}).json()
    assert "alpaca" not in {n["key"] for n in reviewed["nodes"]}
    confident = api.get("/api/v1/models/vicuna/neighbourhood", {"min_confidence": 0.7}).json()
    assert "alpaca" not in {n["key"] for n in confident["nodes"]}
    assert "llama" in {n["key"] for n in confident["nodes"]}


def test_neighbourhood_of_an_unknown_key_is_404(api):
    response = api.get("/api/v1/models/nope/neighbourhood")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/api/v1/models/GPT3/neighbourhood?hops=2", "/api/v1/models/gpt-3/neighbourhood?hops=2"),  # an alias
        ("/api/v1/organizations/gpt-3/neighbourhood", "/api/v1/models/gpt-3/neighbourhood"),  # another label
    ],
)
def test_neighbourhood_of_an_alias_redirects_permanently(api, url, location):
    response = api.get(url)
    assert response.status_code == 301 and response["Location"] == location


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"hops": 3}, "hops"),
        ({"hops": 0}, "hops"),
        ({"hops": "two"}, "hops"),
        ({"type": "likes"}, "type"),
        ({"type": "FINE_TUNES"}, "type"),
        ({"min_confidence": 2}, "min_confidence"),
    ],
)
def test_neighbourhood_refuses_bad_parameters(api, query, field):
    response = api.get("/api/v1/models/gpt-3/neighbourhood", query)
    assert response.status_code == 400 and field in error_of(response)["detail"], response.json()

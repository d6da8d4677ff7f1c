"""One entity, its evidence, lineage, the shortest path and search, including redirects and errors."""

import pytest

from kg import services
from tests.api.conftest import error_of


def test_entity_detail_has_aliases_attributes_with_sources_and_relations(api):
    body = api.get("/api/v1/models/gpt-3").json()
    assert body["key"] == "gpt-3" and body["url"] == "/api/v1/models/gpt-3"
    assert body["aliases"] == ["GPT-3", "GPT3"]
    assert body["properties"] == {"parameters": 175_000_000_000, "released": "2020-05"}
    parameters = next(a for a in body["attributes"] if a["name"] == "parameters")
    assert parameters["value"] == 175_000_000_000
    assert parameters["evidence"]["quote"] == "GPT-3 has parameters 175000000000."
    assert parameters["evidence"]["document"] == "doc-a"
    types = {(r["type"], r["subject"]["key"], r["object"]["key"]) for r in body["relations"]}
    assert ("fine-tunes", "instructgpt", "gpt-3") in types and ("developed-by", "gpt-3", "openai") in types
    assert body["documents"] == [{"key": "doc-a", "title": "Title of doc-a", "url": "/api/v1/documents/doc-a"}]


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/api/v1/models/GPT3", "/api/v1/models/gpt-3"),  # an exact alias of one entity
        ("/api/v1/organizations/gpt-3", "/api/v1/models/gpt-3"),  # filed under another label
        ("/api/v1/models/谷歌", None),  # an alias of nothing loaded here
        ("/api/v1/models/羊驼", "/api/v1/models/alpaca"),
        ("/api/v1/models/GPT3/evidence?limit=1", "/api/v1/models/gpt-3/evidence?limit=1"),
        ("/api/v1/models/GPT3/lineage?depth=2", "/api/v1/models/gpt-3/lineage?depth=2"),
        ("/api/v1/models/Alpaca", "/api/v1/models/alpaca"),  # a key in another case, as the pages find it
        ("/api/v1/models/ALPACA/lineage", "/api/v1/models/alpaca/lineage"),
    ],
)
def test_aliases_and_wrong_labels_redirect_permanently(api, url, location):
    response = api.get(url)
    if location is None:
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    else:
        assert response.status_code == 301 and response["Location"] == location


def test_a_merged_away_key_redirects_to_its_survivor(api):
    services.entity_create(label="Model", name="GPT-3 Davinci", key="gpt-3-davinci")
    services.entity_merge(survivor="gpt-3", other="gpt-3-davinci")
    response = api.get("/api/v1/models/gpt-3-davinci")
    assert response.status_code == 301 and response["Location"] == "/api/v1/models/gpt-3"
    assert response["Cache-Control"] == "no-cache"  # a merge can be reverted: clients must ask again
    assert api.get("/api/v1/models/gpt-3-davinci/evidence")["Location"] == "/api/v1/models/gpt-3/evidence"
    # Filters and path ends accept the old key too.
    assert api.get("/api/v1/path", {"from": "gpt-3-davinci", "to": "chatgpt"}).json()["length"] == 2


def test_an_alias_two_entities_share_is_not_a_redirect(api):
    services.entity_create(label="Organization", name="Open AI Lab", key="open-ai-lab", aliases=["GPT3"])
    response = api.get("/api/v1/models/GPT3")
    assert response.status_code == 404


def test_unreviewed_facts_can_be_left_out(api):
    relations = api.get("/api/v1/models/vicuna").json()["relations"]
    assert any(r["type"] == "derived-from" and r["status"] == "proposed" for r in relations)
    reviewed = api.get("/api/v1/models/vicuna", {"unreviewed": "false"}).json()["relations"]
    assert all(r["status"] == "accepted" for r in reviewed) and len(reviewed) == len(relations) - 1


def test_evidence_lists_every_statement_in_document_order(api):
    first = api.get("/api/v1/models/gpt-3/evidence", {"limit": 2}).json()
    rest = api.get("/api/v1/models/gpt-3/evidence", {"limit": 50, "cursor": first["cursor"]}).json()
    claims = first["results"] + rest["results"]
    assert rest["cursor"] is None
    # gpt-3: 3 relation statements (fine-tuned by, developed by, introduced in) + 2 attributes.
    assert sorted(c["kind"] for c in claims) == ["attribute"] * 2 + ["relation"] * 3
    starts = [c["evidence"]["start"] for c in claims]
    assert starts == sorted(starts)
    fine_tunes = next(c for c in claims if c["kind"] == "relation" and c["fact"]["type"] == "fine-tunes")
    assert fine_tunes["fact"]["subject"]["key"] == "instructgpt" and fine_tunes["status"] == "accepted"
    quote = fine_tunes["evidence"]["quote"]
    text = api.get("/api/v1/documents/doc-a").json()["text"]
    assert text[fine_tunes["evidence"]["start"] : fine_tunes["evidence"]["end"]] == quote
    released = next(c for c in claims if c["attribute"] == "released")
    assert released["value"] == "2020-05" and released["fact"] is None


def test_evidence_status_filter_and_cursor_scope(api):
    proposed = api.get("/api/v1/models/vicuna/evidence", {"status": "proposed"}).json()["results"]
    assert [c["fact"]["key"] for c in proposed] == ["vicuna|DERIVED_FROM|alpaca"]
    cursor = api.get("/api/v1/models/gpt-3/evidence", {"limit": 1}).json()["cursor"]
    assert api.get("/api/v1/models/llama/evidence", {"cursor": cursor}).status_code == 400
    assert api.get("/api/v1/models/nothing/evidence").status_code == 404


def test_lineage_both_ways_with_typed_edges(api):
    body = api.get("/api/v1/models/instructgpt/lineage").json()
    assert body["root"] == {"key": "instructgpt", "name": "InstructGPT"}
    assert {(n["key"], n["direction"], n["hops"]) for n in body["nodes"]} == {
        ("gpt-3", "up", 1),
        ("chatgpt", "down", 1),
    }
    assert {(e["source"], e["type"], e["target"]) for e in body["edges"]} == {
        ("instructgpt", "fine-tunes", "gpt-3"),
        ("chatgpt", "fine-tunes", "instructgpt"),
    }


def test_lineage_answer_is_what_its_documented_serializer_gives(api):
    """The view writes lineage bodies directly for speed; they must equal the schema's serializer."""
    from api.serializers import LineageOut, lineage_body
    from kg import selectors

    for key in ("instructgpt", "gpt-3", "chatgpt"):
        lineage = selectors.model_lineage(key=key, direction="both", depth=3)
        assert lineage.nodes and lineage.edges
        assert lineage_body(lineage) == LineageOut(lineage).data
        assert api.get(f"/api/v1/models/{key}/lineage").json() == LineageOut(lineage).data


def test_lineage_types_filter_and_review_filter(api):
    up = api.get("/api/v1/models/vicuna/lineage", {"direction": "up", "types": "derived-from"}).json()
    assert [n["key"] for n in up["nodes"]] == ["alpaca"]
    reviewed = api.get("/api/v1/models/vicuna/lineage", {"direction": "up", "unreviewed": "false", "depth": 3}).json()
    assert [n["key"] for n in reviewed["nodes"]] == ["llama"]


@pytest.mark.parametrize(
    ("key", "params", "status"),
    [
        ("openai", {}, 404),  # not a model
        ("no-such-model", {}, 404),
        ("gpt-3", {"depth": "99999999999999999999999999"}, 400),
        ("gpt-3", {"types": "uses"}, 400),
        ("gpt-3", {"unreviewed": "perhaps"}, 400),
    ],
)
def test_lineage_errors(api, key, params, status):
    response = api.get(f"/api/v1/models/{key}/lineage", params)
    assert response.status_code == status
    error_of(response)


def test_shortest_path_follows_edges_either_way(api):
    body = api.get("/api/v1/path", {"from": "chatgpt", "to": "gpt-3"}).json()
    assert body["length"] == 2
    assert [n["key"] for n in body["nodes"]] == ["chatgpt", "instructgpt", "gpt-3"]
    assert [(e["source"], e["target"]) for e in body["edges"]] == [("chatgpt", "instructgpt"), ("instructgpt", "gpt-3")]
    sideways = api.get("/api/v1/path", {"from": "alpaca", "to": "vicuna"}).json()
    assert sideways["length"] == 1  # vicuna derived from alpaca (proposed)
    reviewed = api.get("/api/v1/path", {"from": "alpaca", "to": "vicuna", "unreviewed": "false"}).json()
    assert [n["key"] for n in reviewed["nodes"]] == ["alpaca", "llama", "vicuna"]
    same = api.get("/api/v1/path", {"from": "gpt-3", "to": "GPT3"}).json()
    assert same["length"] == 0 and [n["key"] for n in same["nodes"]] == ["gpt-3"]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"from": "gpt-3", "to": "llama"}, 404, "not_found"),  # two lineages, no path
        ({"from": "gpt-3", "to": "nothing"}, 404, "not_found"),
        ({"from": "gpt-3"}, 400, "invalid_parameter"),
        ({"from": "gpt-3", "to": "llama", "types": "developed-by"}, 400, "invalid_parameter"),
    ],
)
def test_path_errors(api, params, status, code):
    response = api.get("/api/v1/path", params)
    assert response.status_code == status and error_of(response)["code"] == code


@pytest.mark.parametrize(
    ("q", "expected"),
    [("gpt3", "gpt-3"), ("GTP-3", "gpt-3"), ("羊驼", "alpaca"), ("小羊驼", "vicuna"), ("deepmnd", "deepmind")],
)
def test_search_is_multilingual_and_typo_tolerant(api, q, expected):
    results = api.get("/api/v1/search", {"q": q}).json()["results"]
    assert results and results[0]["key"] == expected


def test_search_label_filter_and_limit(api):
    only_orgs = api.get("/api/v1/search", {"q": "openai gpt", "label": "organization"}).json()["results"]
    assert [r["key"] for r in only_orgs] == ["openai"]
    both = api.get("/api/v1/search", {"q": "gpt", "label": ["model", "organization"], "limit": 1}).json()
    assert len(both["results"]) == 1
    assert api.get("/api/v1/search", {"q": "gpt", "label": "person"}).status_code == 400
    assert api.get("/api/v1/search", {"q": "gpt", "limit": 101}).status_code == 400


@pytest.mark.parametrize("q", ["*", "~", '"', "\\", "AND", "OR NOT", "(((", "a:b", "。", "🙂", "\u200b", "x" * 200])
def test_search_survives_query_syntax_and_junk(api, q):
    response = api.get("/api/v1/search", {"q": q})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert error_of(response)["code"] == "invalid_parameter"


def test_document_detail_and_missing_document(api):
    body = api.get("/api/v1/documents/doc-b").json()
    assert body["key"] == "doc-b" and body["language"] == "en" and "Alpaca fine_tunes LLaMA." in body["text"]
    assert {"start", "end", "entity", "label"} <= set(body["mentions"][0])
    assert api.get("/api/v1/documents/nope").status_code == 404

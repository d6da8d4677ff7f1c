"""Entity and document lists: cursor pagination, filters, orderings, ?fields=, and bad input."""

import base64
import json

import pytest

from tests.api.conftest import MODELS, error_of


def _walk(api, url: str, params: dict) -> list[dict]:
    """Every item of a list, following `cursor` page by page."""
    items, params = [], dict(params)
    for _ in range(50):
        body = api.get(url, params).json()
        items += body["results"]
        if body["cursor"] is None:
            assert body["next"] is None
            return items
        assert body["next"].startswith("http://testserver/api/v1/")
        params["cursor"] = body["cursor"]
    raise AssertionError("pagination did not end")


def test_models_list_by_name_with_summary_fields(api):
    body = api.get("/api/v1/models").json()
    assert [m["key"] for m in body["results"]] == MODELS
    gpt3 = body["results"][MODELS.index("gpt-3")]
    assert gpt3 == {
        "key": "gpt-3",
        "label": "Model",
        "name": "GPT-3",
        "aliases": ["GPT-3", "GPT3"],
        "properties": {"parameters": 175_000_000_000, "released": "2020-05"},
        "url": "/api/v1/models/gpt-3",
    }
    assert body["next"] is None and body["cursor"] is None


@pytest.mark.parametrize("ordering", ["name", "-name", "released", "-released", "parameters", "-parameters"])
def test_every_ordering_pages_through_all_models_once(api, ordering):
    items = _walk(api, "/api/v1/models", {"ordering": ordering, "limit": 2})
    assert sorted(i["key"] for i in items) == MODELS


def test_orderings_sort_by_value_with_missing_values_last(api):
    def keys(ordering):
        return [i["key"] for i in _walk(api, "/api/v1/models", {"ordering": ordering, "limit": 3})]

    assert keys("-parameters")[:3] == ["gopher", "gpt-3", "llama"]
    assert keys("parameters")[:3] == ["llama", "gpt-3", "gopher"]
    assert keys("released")[:6] == ["gpt-3", "gopher", "instructgpt", "chatgpt", "llama", "alpaca"]
    assert keys("-released")[:6] == ["alpaca", "llama", "chatgpt", "instructgpt", "gopher", "gpt-3"]
    assert keys("-released")[-1] == "vicuna" and keys("released")[-1] == "vicuna"
    assert keys("-name") == sorted(MODELS, reverse=True)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"organization": "openai"}, ["gpt-3", "instructgpt"]),
        ({"technique": "rlhf"}, ["instructgpt"]),
        ({"technique": "rmsnorm", "organization": "deepmind"}, ["gopher"]),
        ({"released_from": 2022}, ["alpaca", "chatgpt", "instructgpt", "llama"]),
        ({"released_from": 2021, "released_to": 2022}, ["chatgpt", "gopher", "instructgpt"]),
        ({"parameters_min": 1e11}, ["gopher", "gpt-3"]),
        ({"parameters_min": 6e10, "parameters_max": 2e11}, ["gpt-3", "llama"]),
        ({"q": "gp"}, ["gpt-3"]),
        ({"q": "小羊"}, ["vicuna"]),
        ({"q": "INSTRUCT"}, ["instructgpt"]),
        ({"organization": "nobody"}, []),
    ],
)
def test_model_filters(api, params, expected):
    body = api.get("/api/v1/models", params).json()
    assert [m["key"] for m in body["results"]] == expected


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        ("/api/v1/organizations", {}, ["deepmind", "openai"]),
        ("/api/v1/techniques", {}, ["rlhf", "rmsnorm"]),
        ("/api/v1/datasets", {"organization": "deepmind"}, []),
        ("/api/v1/datasets", {}, ["massivetext"]),
        ("/api/v1/papers", {}, ["gpt-3-paper"]),
        ("/api/v1/organizations", {"q": "deep"}, ["deepmind"]),
    ],
)
def test_other_labels_list_their_entities(api, url, params, expected):
    response = api.get(url, params)
    assert response.status_code == 200
    assert [e["key"] for e in response.json()["results"]] == expected


def test_fields_trims_items_but_keeps_the_key(api):
    body = api.get("/api/v1/models", {"fields": "name,url", "limit": 1}).json()
    assert body["results"] == [{"key": "alpaca", "name": "Alpaca", "url": "/api/v1/models/alpaca"}]


def test_documents_list_newest_first_and_by_title(api):
    newest = [d["key"] for d in api.get("/api/v1/documents").json()["results"]]
    assert newest == ["doc-c", "doc-b", "doc-a"]
    by_title = _walk(api, "/api/v1/documents", {"ordering": "name", "limit": 1, "fields": "title"})
    assert by_title == [{"key": f"doc-{x}", "title": f"Title of doc-{x}"} for x in "abc"]
    one = api.get("/api/v1/documents", {"language": "en", "q": "title of doc-b"}).json()["results"]
    assert [d["key"] for d in one] == ["doc-b"] and one[0]["chars"] > 0 and one[0]["ingested_at"]


def _forged(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%%",
        _forged({"a": 1}),
        _forged([1, "ModelListParams:name"]),
        _forged([1, "ModelListParams:-parameters", 1e999, "x"]),
        _forged([1, "ModelListParams:name", 2**80, "x"]),
        _forged([1, "ModelListParams:name", "a", 7]),
        _forged([1, "ModelListParams:name", "a\u0000", "x"]),
        _forged([2, "ModelListParams:name", "a", "x"]),
        base64.urlsafe_b64encode(b"\xff\xfe\x00garbage").decode(),
        "A" * 3000,
    ],
)
def test_malformed_cursors_are_400(api, cursor):
    response = api.get("/api/v1/models", {"cursor": cursor})
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_parameter"


def test_a_cursor_only_works_for_the_ordering_and_list_that_made_it(api):
    cursor = api.get("/api/v1/models", {"limit": 1}).json()["cursor"]
    assert api.get("/api/v1/models", {"cursor": cursor, "ordering": "-name"}).status_code == 400
    assert api.get("/api/v1/organizations", {"cursor": cursor}).status_code == 400
    assert api.get("/api/v1/models", {"cursor": cursor}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 201},
        {"limit": "9" * 400},
        {"limit": "1e3"},
        {"ordering": "key"},
        {"ordering": "name; MATCH (n) DETACH DELETE n"},
        {"fields": "name,password"},
        {"released_from": 1800},
        {"released_to": "soon"},
        {"parameters_min": "nan"},
        {"parameters_max": "1e999"},
        {"parameters_min": -1},
        {"q": "x" * 201},
        {"q": ""},
        {"limit": ["1", "2"]},
        {"organization": "k" * 201},
    ],
)
def test_bad_list_parameters_are_400(api, params):
    response = api.get("/api/v1/models", params)
    assert response.status_code == 400, response.content
    assert error_of(response)["code"] == "invalid_parameter"


@pytest.mark.parametrize("url", ["/api/v1/organizations", "/api/v1/papers", "/api/v1/documents"])
def test_orderings_outside_a_labels_allow_list_are_400(api, url):
    assert api.get(url, {"ordering": "parameters"}).status_code == 400


def test_unicode_junk_in_a_filter_is_just_no_match(api):
    for junk in ["\U0001f600\u202e\ufeff", "'\"\\`", "MATCH (n) RETURN n", "ǅ\u0301\u200d", "a\u0000b"]:
        response = api.get("/api/v1/models", {"q": junk, "organization": junk})
        assert response.status_code == 200, response.content
        assert response.json()["results"] == []
    # Bytes that are not UTF-8 at all arrive as replacement characters.
    response = api.get("/api/v1/models?q=%ff%fe&technique=%c0%80")
    assert response.status_code == 200 and response.json()["results"] == []

"""Entity and document lists: cursor pagination, filters, orderings, ?fields=, and bad input."""

import base64
import csv
import io
import json

import pytest

from kg import services
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
        "organizations": [
            {"key": "openai", "label": "Organization", "name": "OpenAI", "url": "/api/v1/organizations/openai"}
        ],
        "parents": [],
        "descendants": 2,  # InstructGPT, and ChatGPT below it
        "models": None,
        "sources": 1,
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
        _forged([1, "models:name"]),
        _forged([1, "models:-parameters", 1e999, "x"]),
        _forged([1, "models:name", 2**80, "x"]),
        _forged([1, "models:name", "a", 7]),
        _forged([1, "models:name", "a\u0000", "x"]),
        _forged([2, "models:name", "a", "x"]),
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


# --- the list pages' needs: has_lineage, names as filters, the columns, CSV -----------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"has_lineage": "true"}, ["alpaca", "chatgpt", "gpt-3", "instructgpt", "llama", "vicuna"]),
        ({"has_lineage": "false"}, ["gopher"]),
        ({"has_lineage": "true", "organization": "openai"}, ["gpt-3", "instructgpt"]),
        ({"organization": "OpenAI"}, ["gpt-3", "instructgpt"]),  # a name (another case of the key)
        ({"organization": "DeepMind", "technique": "RMSNorm"}, ["gopher"]),
    ],
)
def test_models_filter_by_lineage_and_by_names(api, params, expected):
    body = api.get("/api/v1/models", params).json()
    assert [m["key"] for m in body["results"]] == expected


def test_an_organization_alias_filters_like_its_key(api, seeded):
    services.entity_update(key="openai", aliases=["开放人工智能"])
    body = api.get("/api/v1/models", {"organization": "开放人工智能"}).json()
    assert [m["key"] for m in body["results"]] == ["gpt-3", "instructgpt"]


def test_model_columns_name_parents_descendants_and_sources(api):
    items = {
        m["key"]: m for m in api.get("/api/v1/models", {"fields": "parents,descendants,sources"}).json()["results"]
    }
    assert [p["key"] for p in items["chatgpt"]["parents"]] == ["instructgpt"]
    assert items["chatgpt"]["descendants"] == 0
    assert items["gpt-3"]["descendants"] == 2 and items["llama"]["descendants"] == 2  # vicuna once, by two paths
    assert [p["key"] for p in items["vicuna"]["parents"]] == ["alpaca", "llama"]
    assert items["vicuna"]["sources"] == 2 and items["gopher"]["sources"] == 1  # doc-b and doc-c; doc-b


def test_other_labels_count_their_models_and_sort_by_them(api):
    techniques = api.get("/api/v1/techniques", {"ordering": "-models"}).json()["results"]
    assert [(t["key"], t["models"]) for t in techniques] == [("rlhf", 1), ("rmsnorm", 1)]
    orgs = api.get("/api/v1/organizations", {"ordering": "-models", "fields": "models"}).json()["results"]
    assert orgs == [{"key": "openai", "models": 2}, {"key": "deepmind", "models": 1}]
    assert [o["key"] for o in api.get("/api/v1/organizations", {"ordering": "models"}).json()["results"]] == [
        "deepmind",
        "openai",
    ]
    papers = api.get("/api/v1/papers").json()["results"]
    assert papers[0]["models"] == 1


def test_csv_is_the_same_page_as_a_table_with_the_next_page_linked(api):
    response = api.get(
        "/api/v1/models", {"organization": "openai", "ordering": "-released", "limit": 1, "format": "csv"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="models.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["key"] for r in rows] == ["instructgpt"]
    assert rows[0]["name"] == "InstructGPT" and rows[0]["organizations"] == "OpenAI"
    assert (
        rows[0]["parents"] == "GPT-3" and rows[0]["descendants"] == "1" and rows[0]["properties.released"] == "2022-01"
    )
    assert "models" not in rows[0]  # a model's own column is descendants
    link = response["Link"]
    assert link.startswith("<http://testserver/api/v1/models?") and link.endswith('>; rel="next"')
    following = api.get(link[1 : link.index(">")])
    assert [r["key"] for r in csv.DictReader(io.StringIO(following.content.decode()))] == ["gpt-3"]
    assert "Link" not in following


def test_csv_cells_never_start_a_formula(api, seeded):
    services.entity_update(key="openai", name="=HYPERLINK(1)")
    response = api.get("/api/v1/organizations", {"format": "csv", "fields": "name"})
    assert response.content.decode().splitlines()[1:] == ["openai,'=HYPERLINK(1)", "deepmind,DeepMind"]


def test_csv_of_documents_and_fields_choose_the_columns(api):
    response = api.get("/api/v1/documents", {"format": "csv", "fields": "title,language", "ordering": "name"})
    lines = response.content.decode().splitlines()
    assert lines == [
        "key,title,language",
        "doc-a,Title of doc-a,en",
        "doc-b,Title of doc-b,en",
        "doc-c,Title of doc-c,en",
    ]


def test_json_is_the_default_and_format_json_says_so(api):
    assert api.get("/api/v1/models", {"format": "json"}).json() == api.get("/api/v1/models").json()


def test_csv_needs_an_accept_that_allows_it(api):
    assert api.get("/api/v1/models", {"format": "csv"}, HTTP_ACCEPT="text/*").status_code == 200
    assert api.get("/api/v1/models", {"format": "csv"}, HTTP_ACCEPT="application/json").status_code == 406


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/models", {"has_lineage": "maybe"}),
        ("/api/v1/models", {"format": "xml"}),
        ("/api/v1/models", {"format": ""}),
        ("/api/v1/documents", {"format": "graphml"}),
        ("/api/v1/models", {"ordering": "models"}),
        ("/api/v1/models", {"fields": "title"}),
    ],
)
def test_bad_list_formats_and_filters_are_400(api, url, params):
    response = api.get(url, params)
    assert response.status_code == 400, response.content
    assert error_of(response)["code"] == "invalid_parameter"

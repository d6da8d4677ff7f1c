"""Conditional requests: ETag and Last-Modified from the graph's version, 304 until a write."""

import pytest
from django.utils.http import http_date

from kg import services
from tests.factories import document

READS = [
    "/api/v1/models?limit=2",
    "/api/v1/models/gpt-3",
    "/api/v1/models/gpt-3/evidence",
    "/api/v1/models/chatgpt/lineage",
    "/api/v1/path?from=chatgpt&to=gpt-3",
    "/api/v1/search?q=gpt",
    "/api/v1/relations",
    "/api/v1/documents",
    "/api/v1/documents/doc-a",
    "/api/v1/export?format=csv",
]


@pytest.mark.parametrize("url", READS)
def test_every_read_answers_304_to_its_own_etag(api, url):
    first = api.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"] and not again.content
    assert api.get(url, HTTP_IF_NONE_MATCH=f'W/{first["ETag"]}, "other"').status_code == 304
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_etags_differ_per_url_and_representation(api):
    a = api.get("/api/v1/models?limit=1")["ETag"]
    b = api.get("/api/v1/models?limit=2")["ETag"]
    c = api.get("/api/v1/models?limit=1", HTTP_ACCEPT="text/html")["ETag"]
    assert len({a, b, c}) == 3


def test_any_write_makes_old_etags_stale(api):
    url = "/api/v1/models/alpaca"
    etag = api.get(url)["ETag"]
    services.document_load(doc=document("doc-d", [("alpaca", "USES", "rlhf")]))
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert any(r["type"] == "uses" for r in changed.json()["relations"])
    etag = changed["ETag"]
    services.fact_decide(key="alpaca|USES|rlhf", decision="rejected")
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    services.document_delete(key="doc-d")
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_an_older_if_modified_since_gets_the_body(api):
    assert api.get("/api/v1/models", HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200
    assert api.get("/api/v1/models", HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200
    assert api.get("/api/v1/models", HTTP_IF_NONE_MATCH="garbage \u00ff").status_code == 200


def test_the_version_lives_in_the_graph_not_in_the_process(api):
    """Another web process would read the same version: it is a node, read on every request."""
    from kg import selectors

    before = selectors.graph_state()
    services.document_load(doc=document("doc-e", [("llama", "USES", "rmsnorm")]))
    after = selectors.graph_state()
    assert before.version and after.version and before.version != after.version
    assert after.updated_at >= before.updated_at


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/models/no-such-model", 404),
        ("/api/v1/documents/no-such-document", 404),
        ("/api/v1/models/no-such-model/lineage", 404),
        ("/api/v1/models/GPT3", 301),  # an alias
        ("/api/v1/models/GPT3/evidence", 301),
    ],
)
def test_preconditions_are_evaluated_only_once_the_target_is_found(api, url, status):
    """RFC 9110 13.2.1: If-None-Match (even "*") and If-Modified-Since never turn a 404 or a 301 into 304."""
    last_modified = api.get("/api/v1/models/gpt-3")["Last-Modified"]
    for headers in ({"HTTP_IF_NONE_MATCH": "*"}, {"HTTP_IF_MODIFIED_SINCE": last_modified}):
        assert api.get(url, **headers).status_code == status, headers
    assert api.get("/api/v1/models/gpt-3", HTTP_IF_NONE_MATCH="*").status_code == 304


def test_a_merged_away_key_is_a_301_whatever_the_preconditions(api):
    services.entity_create(label="Model", name="GPT-3 Curie", key="gpt-3-curie")
    services.entity_merge(survivor="gpt-3", other="gpt-3-curie")
    response = api.get("/api/v1/models/gpt-3-curie", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 301 and response["Location"] == "/api/v1/models/gpt-3"

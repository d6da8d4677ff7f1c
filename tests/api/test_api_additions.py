"""What API users expect besides the data: RateLimit headers, a Link to the next page, lineage edges
that name their fact, several entities looked up at once."""

from kg import services
from tests.api.conftest import error_of


def _rate(settings, anon: str) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": "1000/minute"},
    }


def test_throttled_answers_carry_ratelimit_headers(api, settings):
    _rate(settings, "3/minute")
    answers = [api.get("/api/v1/models", {"limit": 1}) for _ in range(4)]
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert {a["RateLimit-Limit"] for a in answers} == {"3"} and answers[0]["RateLimit-Policy"] == "3;w=60"
    assert all(0 < int(a["RateLimit-Reset"]) <= 60 for a in answers)
    refused = answers[-1]
    assert refused.status_code == 429 and int(refused["RateLimit-Reset"]) == int(refused["Retry-After"])


def test_no_ratelimit_headers_when_throttling_is_off(api, settings):
    _rate(settings, "")
    assert not api.get("/api/v1/models").has_header("RateLimit-Limit")


def test_a_list_page_links_the_next_one(api):
    first = api.get("/api/v1/models", {"limit": 2})
    body = first.json()
    assert body["next"] and first["Link"] == f'<{body["next"]}>; rel="next"'
    assert api.get("/api/v1/relations", {"limit": 2})["Link"].endswith('>; rel="next"')
    last = api.get("/api/v1/models", {"limit": 200})
    assert last.json()["next"] is None and not last.has_header("Link")


def test_each_lineage_edge_names_its_fact_and_status(api):
    edges = api.get("/api/v1/models/chatgpt/lineage", {"direction": "up"}).json()["edges"]
    by_source = {e["source"]: e for e in edges}
    edge = by_source["instructgpt"]
    assert edge["fact"] == "instructgpt|FINE_TUNES|gpt-3" and edge["status"] == "accepted"
    assert edge["fact_url"] == "/api/v1/facts/instructgpt%7CFINE_TUNES%7Cgpt-3"
    fact = api.get(edge["fact_url"]).json()
    assert fact["key"] == edge["fact"] and fact["status"] == edge["status"]
    path = api.get("/api/v1/path", {"from": "chatgpt", "to": "gpt-3"}).json()
    assert [e["fact"] for e in path["edges"]] == ["chatgpt|FINE_TUNES|instructgpt", "instructgpt|FINE_TUNES|gpt-3"]


def test_bulk_lookup_resolves_aliases_and_reports_unknown_keys(api):
    services.entity_create(label="Model", name="Alpaca 7B", key="alpaca-7b")
    services.entity_merge(survivor="alpaca", other="alpaca-7b")
    response = api.get("/api/v1/entities", {"keys": "GPT3,openai,no-such-model,alpaca-7b,LLaMA,GPT3"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(r["requested"], r["key"], r["via"]) for r in body["results"]] == [
        ("GPT3", "gpt-3", "alias"),
        ("openai", "openai", "key"),
        ("alpaca-7b", "alpaca", "redirect"),
        ("LLaMA", "llama", "alias"),  # its name, an alias too
    ]
    assert body["results"][1] == {
        "requested": "openai",
        "key": "openai",
        "label": "Organization",
        "name": "OpenAI",
        "via": "key",
        "url": "/api/v1/organizations/openai",
    }
    assert body["not_found"] == ["no-such-model"]
    assert response["ETag"]


def test_bulk_lookup_is_bounded(api):
    assert api.get("/api/v1/entities", {"keys": ",".join(f"k{i}" for i in range(100))}).status_code == 200
    too_many = api.get("/api/v1/entities", {"keys": ",".join(f"k{i}" for i in range(101))})
    assert too_many.status_code == 400 and "keys" in error_of(too_many)["detail"]
    for bad in ({"keys": "a,,b"}, {}, {"keys": "a", "key": "b"}):
        assert api.get("/api/v1/entities", bad).status_code == 400, bad


def test_the_schema_documents_the_contract(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert {} in paths["/api/v1/facts/{key}"]["get"]["security"]  # a public read
    for path in ("/api/v1/facts/{key}/accept", "/api/v1/facts/{key}/reject"):
        responses = paths[path]["post"]["responses"]
        assert {"400", "401", "403", "404", "409", "412"} <= set(responses), path
    assert "412" in paths["/api/v1/documents/{key}"]["delete"]["responses"]
    lookup = paths["/api/v1/entities"]["get"]
    assert [p["name"] for p in lookup["parameters"] if p["in"] == "query"] == ["keys"]
    headers = paths["/api/v1/models"]["get"]["responses"]["200"]["headers"]
    assert {"Link", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(headers)
    edge = schema["components"]["schemas"]["LineageEdgeOut"]["properties"]
    assert {"fact", "fact_url", "status"} <= set(edge)
    relations = {p["name"] for p in paths["/api/v1/relations"]["get"]["parameters"]}
    assert {"document", "unreviewed", "subject"} <= relations


def test_entity_lists_say_how_many_items_they_hold(api):
    body = api.get("/api/v1/models", {"limit": 2}).json()
    assert body["count"] == 7 and body["count_exact"] is True and len(body["results"]) == 2
    filtered = api.get("/api/v1/models", {"organization": "openai", "limit": 1}).json()
    assert filtered["count"] == 2 and filtered["next"]
    assert api.get(filtered["next"]).json()["count"] == 2  # every page says the same

"""API-wide conventions: the one error shape for every status, throttling, CORS, outage, schema and docs."""

import socket

import pytest
from rest_framework.test import APIClient

from kg.repository.driver import close_driver
from tests.api.conftest import error_of


def test_unknown_api_urls_are_404_in_the_error_shape(client):
    for url in ["/api/v1/nope", "/api/v1/models/gpt-3/children", "/api/v1/jobs/abc", "/api/v1/"]:
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert error_of(response)["code"] == "not_found"


def test_unknown_urls_are_404_for_every_method_even_with_csrf_checks(db):
    client = APIClient(enforce_csrf_checks=True)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/audit/x/revert", {"a": 1}, format="json")
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_405_names_the_method(api):
    response = api.delete("/api/v1/models/gpt-3")
    assert response.status_code == 405 and error_of(response)["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_406_when_nothing_acceptable(api):
    response = api.get("/api/v1/models", HTTP_ACCEPT="application/x-nothing")
    assert response.status_code == 406 and error_of(response)["code"] == "not_acceptable"


def test_415_for_an_unsupported_body(curator):
    response = curator.post("/api/v1/documents", b"<doc/>", content_type="application/xml")
    assert response.status_code == 415 and error_of(response)["code"] == "unsupported_media_type"


def test_anonymous_reads_are_throttled_with_retry_after(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "1000/minute"},
    }
    statuses = [api.get("/api/v1/models", {"limit": 1}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/search", {"q": "gpt"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert error_of(response)["code"] == "throttled"


def test_signed_in_users_have_their_own_rate(api, reader, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "100/minute"},
    }
    assert [reader.get("/api/v1/models").status_code for _ in range(3)] == [200, 200, 200]


def test_anonymous_clients_are_held_to_the_anonymous_rate_only(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "user": "1/minute"},
    }
    assert [api.get("/api/v1/models", {"limit": 1}).status_code for _ in range(3)] == [200, 200, 200]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def neo4j_down(settings, graph_schema):
    close_driver()
    settings.NEO4J_URI = f"bolt://127.0.0.1:{_closed_port()}"
    settings.NEO4J_CONNECTION_TIMEOUT = 0.5
    yield
    close_driver()


def test_503_with_retry_after_when_neo4j_is_down(neo4j_down, client):
    for url in ["/api/v1/models", "/api/v1/models/gpt-3", "/api/v1/search?q=gpt", "/api/v1/export"]:
        response = client.get(url)
        assert response.status_code == 503, url
        assert error_of(response)["code"] == "graph_unavailable" and int(response["Retry-After"]) > 0


def test_cors_is_configurable(api, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://lineage.example"]
    allowed = api.get("/api/v1/models", HTTP_ORIGIN="https://lineage.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://lineage.example"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    preflight = api.options(
        "/api/v1/models",
        HTTP_ORIGIN="https://lineage.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    other = api.get("/api/v1/models", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in other


def test_schema_documents_every_endpoint_and_error_body(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in [
        "/api/v1/models",
        "/api/v1/organizations",
        "/api/v1/techniques",
        "/api/v1/papers",
        "/api/v1/datasets",
        "/api/v1/documents",
        "/api/v1/documents/{key}",
        "/api/v1/{label_slug}/{key}",
        "/api/v1/{label_slug}/{key}/evidence",
        "/api/v1/{label_slug}/{key}/neighbourhood",
        "/api/v1/models/{key}/lineage",
        "/api/v1/path",
        "/api/v1/search",
        "/api/v1/relations",
        "/api/v1/export",
        "/api/v1/jobs/{job_id}",
    ]:
        for method, operation in paths[path].items():
            responses = operation["responses"]
            assert {"400", "404", "429"} & set(responses) or path.startswith("/api/v1/jobs"), (path, method)
            for status in ("400", "404", "429", "503"):
                if status in responses:
                    ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/Error"
    assert "Retry-After" in paths["/api/v1/models"]["get"]["responses"]["429"]["headers"]
    assert "ETag" in paths["/api/v1/models"]["get"]["responses"]["200"]["headers"]
    assert "413" in paths["/api/v1/documents"]["post"]["responses"]


def test_swagger_ui_and_redoc_are_served_locally(client):
    for url in ["/api/docs/", "/api/redoc/"]:
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
        assert "/static/drf_spectacular_sidecar/" in html

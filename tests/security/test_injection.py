"""Injection strings through every input: each API operation's path, query, header and body fields (from
the OpenAPI schema, so a new endpoint is covered without editing this file), crafted cursors, pages,
admin filters and submissions. Answers are ordinary (never 5xx), every Cypher text Neo4j receives is
one of kg.repository's constants, no payload ever appears in one, and reads leave the graph unchanged."""

import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator

from api.pagination import encode_cursor
from kg import selectors, services
from tests.api.conftest import DOC_A, DOC_B, DOC_C, MODELS
from tests.jobs import run_here
from tests.reliability import graph as observations
from tests.reliability.graph import duplicates, fingerprint
from tests.security.cypher import cypher_texts, known_queries, recorded_cypher
from tests.security.people import curator_api, curator_browser, curator_user  # noqa: F401 - fixtures

PAYLOADS = (
    "' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    "x'}) DETACH DELETE e RETURN 1 //",
    "`) DETACH DELETE n WITH n MATCH (m:`",
    "gpt-3} ) MATCH (n) SET n.pwned = true //",
    "name; MATCH (n) DETACH DELETE n",
    "-name DESC, e.key",
    "$key",
    "Model|Entity",
    "CALL db.labels() YIELD label RETURN label",
    "*:* OR key:*",
    "\\u0027) OR true //",
    "\u202e' OR ''='",
    "1e309",
    "x" * 3000,
)
# Where a path parameter must be valid so the injection reaches the parameter under test.
VALID_PATH = {"label_slug": "models", "key": "gpt-3", "entry_id": "1", "job_id": "1"}
# The tests' own read-only observations (graph fingerprints) run inside the recording too.
OBSERVERS = cypher_texts(observations)
ORDINARY = {200, 201, 202, 204, 304, 400, 401, 403, 404, 405, 406, 409, 412, 413, 415, 428}


@pytest.fixture
def seeded(graph, db, settings):
    """The API tests' three documents; throttling off, so hundreds of probes are all answered."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "", "user": ""}}
    cache.clear()
    for doc in (DOC_A, DOC_B, DOC_C):
        services.document_load(doc=doc)
    return fingerprint()


@pytest.fixture
def cypher(monkeypatch):
    """The Cypher texts run inside the test; afterwards none may be unknown or carry a payload."""
    with recorded_cypher(monkeypatch) as texts:
        yield texts
    unknown = {text for text in texts if text not in known_queries() | OBSERVERS}
    assert unknown == set(), f"Cypher text not among kg.repository's constants: {sorted(unknown)[:3]}"
    assert texts, "nothing reached Neo4j: the probes tested nothing"


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _url(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: quote(values.get(m[1], VALID_PATH[m[1]]), safe=""), path)


def _probes(schema: dict) -> list[tuple[str, dict, dict]]:
    """(url, query, headers) for each GET operation, one parameter holding one payload at a time."""
    probes = []
    for path, operations in schema["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            name, where = parameter["name"], parameter["in"]
            for payload in PAYLOADS:
                if where == "path":
                    probes.append((_url(path, {name: payload}), {}, {}))
                elif where == "query":
                    probes.append((_url(path, {}), {name: payload}, {}))
                else:
                    header = "HTTP_" + name.upper().replace("-", "_")
                    probes.append((_url(path, {}), {}, {header: payload}))
    return probes


def _answered(responses: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [(what, status) for what, status in responses if status not in ORDINARY]


def test_every_api_read_parameter(client, seeded, cypher):
    responses = []
    for url, query, headers in _probes(_schema()):
        response = client.get(url, query, **headers)
        responses.append((f"{url} {query} {headers}"[:200], response.status_code))
    assert len(responses) > 500
    assert _answered(responses) == []
    assert fingerprint() == seeded


@pytest.mark.parametrize(
    ("url", "ordering", "scope", "position"),
    [
        ("/api/v1/models", "name", "models:name", ("' OR 1=1 //", '"}) MATCH (n) DETACH DELETE n //')),
        ("/api/v1/models", "-parameters", "models:-parameters", (1e15, "x'}) RETURN 1 //")),
        ("/api/v1/relations", None, "RelationListParams", ("gpt-3} ) MATCH (n) SET n.pwned = true //",)),
        ("/api/v1/models/gpt-3/evidence", None, "evidence:gpt-3", ("doc-a' OR 1=1", 0, "' OR ''='")),
    ],
)
def test_crafted_cursors_are_only_values(client, seeded, cypher, url, ordering, scope, position):
    """A well-formed cursor carrying injection text is a position like any other: an ordinary page."""
    query = {"cursor": encode_cursor(scope=scope, position=position), **({"ordering": ordering} if ordering else {})}
    response = client.get(url, query)
    assert response.status_code == 200, response.content[:300]
    assert fingerprint() == seeded


def _body_schemas(schema: dict, operation: dict) -> dict:
    ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    name = ref.get("$ref", "").rsplit("/", 1)[-1]
    return schema["components"]["schemas"].get(name, {}).get("properties", {})


def _bodies(schema: dict, properties: dict, payload: str) -> list[dict]:
    """All fields the payload; then choice fields valid and only the free-text ones the payload."""
    everything, texts_only = {}, {}
    for name, spec in properties.items():
        enum_name = spec.get("$ref", "").rsplit("/", 1)[-1]
        choices = schema["components"]["schemas"].get(enum_name, {}).get("enum")
        value = [payload] if spec.get("type") == "array" else payload
        everything[name] = value
        texts_only[name] = choices[0] if choices else value
    return [everything, texts_only]


def test_every_api_write_field(curator_api, seeded, cypher):  # noqa: F811
    schema = _schema()
    responses = []
    for path, operations in schema["paths"].items():
        for method in ("post", "patch", "put"):
            operation = operations.get(method)
            if operation is None or path == "/api/v1/documents":
                continue
            for payload in PAYLOADS[:10]:
                for body in _bodies(schema, _body_schemas(schema, operation), payload):
                    for values in ({}, {"key": payload}):
                        url = _url(path, values)
                        response = getattr(curator_api, method)(url, body, format="json", HTTP_IF_MATCH=payload)
                        responses.append((f"{method} {url} {body}"[:200], response.status_code))
    assert _answered(responses) == []
    assert any(status < 300 for _, status in responses), "no write went through: the probes tested nothing"
    for key in MODELS:  # whatever the writes did, they were literal: nothing was lost
        assert selectors.entity_get(key=key).key == key
    renamed = selectors.entity_get(key="gpt-3")  # the last PATCH stored its payload as a plain value
    assert renamed.name == PAYLOADS[9] and PAYLOADS[9] in renamed.aliases
    assert selectors.graph_counts()["documents"] == 3 and duplicates() == []


def test_submissions_store_injection_text_literally(curator_api, seeded, cypher):  # noqa: F811
    text = "GPT-3 was developed by OpenAI. " + " ".join(PAYLOADS[:13])
    response = curator_api.post("/api/v1/documents", {"text": text, "title": PAYLOADS[1]}, format="json")
    assert response.status_code == 202
    run_here(response.json()["id"])
    job = curator_api.get(response["Location"]).json()
    assert job["state"] == "done", job["error"]
    stored = selectors.document_get(key=job["document"]["key"])
    assert stored.text == text and stored.title == PAYLOADS[1]
    for key in MODELS:
        assert selectors.entity_get(key=key).key == key
    assert duplicates() == []


PAGES = (
    "/search?q={p}",
    "/models/{p}",
    "/models/gpt-3?depth={p}&unreviewed={p}",
    "/organizations/{p}",
    "/documents/{p}",
    "/documents/doc-a?start={p}&end={p}",
    "/compare?models={p},gpt-3",
    "/compare?m={p}",
    "/explore/{p}?hops={p}&type={p}",
)
ADMIN = (
    "/admin/curation/curatedentity/?q={p}",
    "/admin/curation/curatedentity/{p}/",
    "/admin/curation/reviewedfact/?status={p}&type={p}&entity={p}&document={p}&min_confidence={p}&p={p}",
    "/admin/curation/reviewedfact/{p}/",
    "/admin/curation/reviewedfact/new/?subject={p}",
    "/admin/curation/auditentry/?q={p}",
    "/admin/ingest/submission/?q={p}&state={p}",
)


def test_pages_and_admin_screens(client, curator_browser, seeded, cypher):  # noqa: F811
    responses = []
    for templates, browser in ((PAGES, client), (ADMIN, curator_browser)):
        for template in templates:
            for payload in PAYLOADS:
                url = template.replace("{p}", quote(payload, safe=""))
                response = browser.get(url, follow=True)
                responses.append((url[:200], response.status_code))
    assert _answered(responses) == []
    assert fingerprint() == seeded


def test_the_watch_flags_a_query_built_from_input(graph_schema, monkeypatch):
    """The check above would catch the anti-pattern: text formatted into Cypher is no known constant."""
    from kg.repository import driver

    payload = PAYLOADS[0].replace("'", "")
    with recorded_cypher(monkeypatch) as texts:
        driver.read(lambda tx: tx.run(f"RETURN '{payload}' AS echoed").single())  # noqa: S608 - on purpose
    assert texts == [f"RETURN '{payload}' AS echoed"] and texts[0] not in known_queries()

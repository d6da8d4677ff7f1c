"""A hung Neo4j (the process alive, not answering: its JVM stopped with SIGSTOP) is the same friendly 503
as a stopped one on pages, the API and /healthz, within the driver's timeouts, and no answer names the
database's address. The graph is a throwaway Neo4j of this test, so freezing it disturbs nothing else."""

import os
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.repository import schema
from kg.repository.driver import close_driver, get_driver
from tests.reliability.services import throwaway_neo4j


@pytest.fixture
def own_graph(settings, db):
    with throwaway_neo4j() as neo4j:
        close_driver()
        settings.NEO4J_URI, settings.NEO4J_PASSWORD = neo4j.url, neo4j.env["NEO4J_PASSWORD"]
        # Short waits so the test is quick; every pooled connection is checked before it is reused, so
        # the first request after the freeze meets the pool's timeout (the case that was a 500).
        settings.NEO4J_CONNECTION_TIMEOUT = 1.0
        settings.NEO4J_CONNECTION_ACQUISITION_TIMEOUT = 2.0
        settings.NEO4J_MAX_TRANSACTION_RETRY_TIME = 1.0
        settings.NEO4J_LIVENESS_CHECK_TIMEOUT = 0.0
        try:
            schema.migrate()
            yield neo4j
        finally:
            close_driver()


@contextmanager
def frozen(neo4j):
    pid = int((Path(neo4j.env["NEO4J_DATA_DIR"]) / "neo4j.pid").read_text().strip())
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def assert_no_address(response, neo4j) -> None:
    """The body names neither the server (host:port, the bolt URI) nor the driver's words about it."""
    body = response.content.decode()
    port = neo4j.url.rsplit(":", 1)[1]
    for secret in (neo4j.url, "127.0.0.1", f":{port}", "bolt://", "localhost"):
        assert secret not in body, f"{secret!r} in {body[:500]}"


def test_hung_graph_is_a_friendly_503_everywhere_and_names_no_address(own_graph, client):
    assert client.get("/healthz").status_code == 200  # leaves a connection in the pool
    assert client.get("/models/gpt-3").status_code in (200, 404)

    with frozen(own_graph):
        page = client.get("/models/gpt-3")
        assert page.status_code == 503 and page["Retry-After"]
        assert b"temporarily unavailable" in page.content and b"Traceback" not in page.content
        assert_no_address(page, own_graph)
        for url in ["/api/v1/models/gpt-3", "/api/v1/models", "/api/v1/search?q=gpt"]:
            api = client.get(url)
            assert api.status_code == 503 and int(api["Retry-After"]) > 0, url
            assert api.json()["error"] == {
                "code": "graph_unavailable",
                "message": "The graph database is unavailable.",
                "detail": None,
            }
            assert_no_address(api, own_graph)
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["down"] == ["neo4j"] and health["Retry-After"]
        assert_no_address(health, own_graph)

    # Thawed, the same process serves again: the dead connections were dropped, not kept.
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/v1/models").status_code == 200


def test_a_connection_used_just_before_the_hang_is_a_503_too(own_graph, client, settings):
    """As shipped, a connection used in the last NEO4J_LIVENESS_CHECK_TIMEOUT seconds is handed out
    unchecked, so its read waits on the socket: the server's keep-alive (scripts/neo4j/Launcher.java,
    docker-compose.yml) tells the driver to give up on a silent connection after keep-alive x probes
    seconds, within gunicorn's 30 s timeout (the server's default, 120 s, is past it: a killed worker)."""
    settings.NEO4J_LIVENESS_CHECK_TIMEOUT = 2.0  # the shipped default
    close_driver()
    records, _, _ = get_driver().execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name STARTS WITH 'server.bolt.connection_keep_alive' RETURN name, value"
    )
    rows = {record["name"]: record["value"] for record in records}
    assert rows["server.bolt.connection_keep_alive_for_requests"] == "ALL"
    keep_alive = int(rows["server.bolt.connection_keep_alive"].removesuffix("s"))
    assert keep_alive * int(rows["server.bolt.connection_keep_alive_probes"]) < 30

    assert client.get("/api/v1/models").status_code == 200  # the connection the next request reuses
    with frozen(own_graph):
        api = client.get("/api/v1/models")
        assert api.status_code == 503 and api.json()["error"]["code"] == "graph_unavailable"
        assert_no_address(api, own_graph)
    assert client.get("/api/v1/models").status_code == 200

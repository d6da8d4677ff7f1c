"""A Neo4j outage while the app serves: 503s that say so, then recovery without restarting the app.

It runs against a second, throwaway Neo4j started by the project's own script, so stopping it
cannot disturb the instance the rest of the suite uses.
"""

import os
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from kg.repository import schema
from kg.repository.driver import close_driver

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "neo4j.sh"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_neo4j(settings):
    port = _free_port()
    with tempfile.TemporaryDirectory(dir=Path(settings.BASE_DIR) / "var") as data_dir:
        env = dict(os.environ, NEO4J_DATA_DIR=data_dir, NEO4J_BOLT_PORT=str(port), NEO4J_PASSWORD="outage-test-pw")

        def ctl(action: str) -> None:
            subprocess.run([str(SCRIPT), action], env=env, check=True, capture_output=True, timeout=240)

        ctl("start")
        close_driver()
        settings.NEO4J_URI, settings.NEO4J_PASSWORD = f"bolt://127.0.0.1:{port}", "outage-test-pw"
        try:
            schema.migrate()
            yield ctl
        finally:
            close_driver()
            ctl("stop")


def test_outage_gives_friendly_503s_and_recovers_without_restart(client, db, own_neo4j, settings):
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 200

    own_neo4j("stop")
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["down"] == ["neo4j"]
    page = client.get("/")
    assert page.status_code == 503 and page["Retry-After"]
    assert b"temporarily unavailable" in page.content and b"Traceback" not in page.content
    api = client.get("/api/v1/models/gpt-3")
    assert api.status_code == 503 and api.json()["error"]["code"] == "graph_unavailable"
    # The driver's words name the server; public answers never do (they go to the log).
    for response in (health, page, api):
        body = response.content.decode()
        assert settings.NEO4J_URI not in body and settings.NEO4J_URI.split("//")[1] not in body, body[:500]
        assert "127.0.0.1" not in body

    own_neo4j("start")
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 200

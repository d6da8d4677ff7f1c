"""/healthz reports every part the app needs, against the real services."""


def test_healthz_is_up_when_every_part_is(client, graph_schema, db):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"] == {
        "neo4j": {"status": "up"},
        "broker": {"status": "up"},
        "database": {"status": "up"},
    }


def test_healthz_names_the_part_that_is_down(client, graph_schema, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]
    assert response["Retry-After"]

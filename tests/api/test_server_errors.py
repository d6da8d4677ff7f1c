"""Answers the API gives outside its views, still in its error shape: an unexpected failure (500) and
a request line over the app's limit (414, through a real gunicorn, whose own answer is HTML)."""

import http.client

from rest_framework.test import APIClient

from api.middleware import request_line_bytes
from tests.api.conftest import error_of
from tests.reliability.services import running_gunicorn, worker_env


def test_an_unexpected_failure_is_a_json_500_without_a_traceback(seeded, settings):
    """A real fault, not a test-only URL: a throttle rate nobody can parse (a bad API_ANON_RATE)."""
    settings.DEBUG = False
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "lots", "user": "lots"}}
    client = APIClient(raise_request_exception=False)
    response = client.get("/api/v1/models")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    error = error_of(response)
    assert error["code"] == "server_error" and error["detail"] is None
    assert "Traceback" not in response.content.decode() and "lots" not in response.content.decode()


def _get(base_url: str, target: str) -> tuple[int, str, str]:
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode(errors="replace")
    finally:
        connection.close()


def test_long_api_urls_are_a_json_414_from_gunicorn(db, artifacts_dir):
    env = worker_env(KG_WARM_AT_START="0")
    log = artifacts_dir / "gunicorn-long-urls.log"
    with running_gunicorn(env=env, log=log, workers=1) as base_url:
        short = _get(base_url, "/api/v1/models?q=" + "a" * 300)  # under the limit: the view answers (400)
        assert short[0] == 400 and '"invalid_parameter"' in short[2]
        status, content_type, body = _get(base_url, "/api/v1/models?q=" + "a" * 5000)  # over gunicorn's old 4094
        assert status == 414 and content_type == "application/json", (status, body[:300])
        assert '"uri_too_long"' in body and '"limit":4094' in body.replace(" ", "")
        # The pages are not the API's: a long page URL is not refused by the API's limit.
        assert _get(base_url, "/search?q=" + "a" * 5000)[0] != 414


def test_a_raw_non_ascii_target_is_counted_in_its_bytes(rf):
    """gunicorn passes a raw target as its bytes read as latin-1: 3 characters for each Chinese one
    sent unescaped. Encoding that again as UTF-8 counted 6 (review of issue 16: a 414 under the limit)."""
    target = "/api/v1/search?q=" + "模型" * 10
    sent = target.encode("utf-8")
    request = rf.get("/api/v1/search", {"q": "模型" * 10}, RAW_URI=sent.decode("latin-1"))
    assert request_line_bytes(request) == len(b"GET ") + len(sent) + len(b" HTTP/1.1")

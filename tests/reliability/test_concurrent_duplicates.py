"""Ten copies of one text submitted at the same moment, over HTTP to a running server (pytest-django's
threaded live server) from ten threads: one submission is saved, the others are refused as its
duplicate (409 from the API; the admin form points to the one that stands). The database's unique
index on a live submission's text decides, not a check made before the insert."""

import re
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
import requests
from rest_framework.authtoken.models import Token

from ingest.models import Submission
from tests.brokers import producing_to
from tests.security.people import CURATOR_PASSWORD

COPIES = 10
TEXT = "Orca-Mini is a model developed by Example Labs. Orca-Mini is fine-tuned from LLaMA.\n"


@pytest.fixture
def no_broker():
    """Nowhere to send the jobs (a closed port): they stay queued, and stay live for the whole test."""
    with producing_to("redis://127.0.0.1:9/0"):
        yield


def _at_once(send) -> list[requests.Response]:
    start = Barrier(COPIES)

    def one(_):
        start.wait()
        return send()

    with ThreadPoolExecutor(COPIES) as pool:
        return list(pool.map(one, range(COPIES)))


def test_concurrent_api_submissions_of_one_text_become_one(
    graph, transactional_db, live_server, curator_user, no_broker
):
    token = Token.objects.get_or_create(user=curator_user)[0].key
    headers = {"Authorization": f"Token {token}"}
    body = {"text": TEXT, "title": "one of ten", "language": "en"}
    answers = _at_once(
        lambda: requests.post(f"{live_server.url}/api/v1/documents", json=body, headers=headers, timeout=60)
    )
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [202] + [409] * (COPIES - 1), [answer.text[:300] for answer in answers]
    assert Submission.objects.count() == 1
    kept = Submission.objects.get().pk
    refused = [answer.json()["error"] for answer in answers if answer.status_code == 409]
    assert {(error["code"], error["detail"]["job"]) for error in refused} == {("duplicate_content", kept)}


def _admin_session(base: str) -> requests.Session:
    session = requests.Session()
    login = session.get(f"{base}/admin/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    signed_in = session.post(
        f"{base}/admin/login/",
        data={"username": "cura", "password": CURATOR_PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"},
        headers={"Referer": f"{base}/admin/login/"},
        timeout=60,
    )
    assert signed_in.status_code == 200 and "/admin/logout/" in signed_in.text
    return session


def test_concurrent_admin_submissions_of_one_text_become_one(
    graph, transactional_db, live_server, curator_user, no_broker
):
    add = f"{live_server.url}/admin/ingest/submission/add/"
    sessions = [_admin_session(live_server.url) for _ in range(COPIES)]
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', s.get(add, timeout=60).text).group(1) for s in sessions
    ]
    posts = iter(zip(sessions, tokens, strict=True))

    def send() -> requests.Response:
        session, token = next(posts)
        form = {"csrfmiddlewaretoken": token, "text": TEXT, "title": "one of ten", "language": "en", "revises": ""}
        return session.post(add, data=form, headers={"Referer": add}, timeout=60)

    answers = _at_once(send)
    assert all(answer.status_code == 200 for answer in answers), [a.status_code for a in answers]
    assert Submission.objects.count() == 1
    # Each other curator is told (the form's question, or the warning after the save) that it is a copy.
    assert sum("identical" in answer.text for answer in answers) == COPIES - 1

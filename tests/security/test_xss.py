"""Markup in names, aliases, titles, quotes, attribute values and reports is shown as text everywhere:
public pages, the admin's curation screens and the browsable API. Each page must carry the hostile
text escaped (so it was shown, not dropped) and nothing a browser would run."""

import html

import pytest

from curation import services
from tests.security.hostile import DOCUMENT_KEY, HOSTILE_NAME, MODEL_KEY, ORG_KEY, SCRIPT, load_hostile
from tests.security.markup import executable_markup
from tests.security.people import curator_browser, curator_user  # noqa: F401 - fixtures

PAGES = [
    f"/models/{MODEL_KEY}",
    f"/models/{MODEL_KEY}?unreviewed=1",
    # The hostile model reaches these pages through unreviewed facts, shown by default and on request.
    "/models/gpt-3",
    "/models/gpt-3?unreviewed=1",
    f"/organizations/{ORG_KEY}",
    f"/organizations/{ORG_KEY}?unreviewed=1",
    f"/documents/{DOCUMENT_KEY}",
    f"/documents/{DOCUMENT_KEY}?start=0&end=40",
    "/search?q=Evil",
    f"/compare?models={MODEL_KEY},gpt-3",
    f"/explore/{MODEL_KEY}?hops=2",
    "/",
]
API_HTML = [
    f"/api/v1/models/{MODEL_KEY}",
    f"/api/v1/models/{MODEL_KEY}/evidence",
    f"/api/v1/documents/{DOCUMENT_KEY}",
    "/api/v1/search?q=Evil",
    "/api/v1/relations",
]
ADMIN = [
    "/admin/curation/curatedentity/?q=Evil",
    f"/admin/curation/curatedentity/{MODEL_KEY}/",
    "/admin/curation/reviewedfact/",
    f"/admin/curation/reviewedfact/{MODEL_KEY}|FINE_TUNES|gpt-3/",
    "/admin/curation/auditentry/",
]


@pytest.fixture
def hostile(graph, db):
    load_hostile()


def _check(response, url: str) -> str:
    assert response.status_code == 200, (url, response.status_code)
    text = response.content.decode()
    assert executable_markup(text) == [], (url, executable_markup(text))
    return text


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_show_markup_as_text(client, hostile, url):
    text = _check(client.get(url), url)
    if url != "/":
        assert html.escape(HOSTILE_NAME, quote=False) in text or html.escape(HOSTILE_NAME) in text, url


@pytest.mark.parametrize("url", API_HTML)
def test_browsable_api_shows_markup_as_text(client, hostile, url):
    _check(client.get(url, HTTP_ACCEPT="text/html"), url)
    json_answer = client.get(url)
    assert json_answer["Content-Type"] == "application/json" and json_answer["X-Content-Type-Options"] == "nosniff"


def test_admin_screens_show_markup_as_text(curator_browser, curator_user, hostile):  # noqa: F811
    # An audit entry whose before and after carry the markup, and a proposed fact in the queue.
    entry = services.entity_update(user=curator_user, key=ORG_KEY, name=f"Renamed {SCRIPT}", aliases=[SCRIPT])
    for url in ADMIN:
        _check(curator_browser.get(url), url)
    for url in [*ADMIN[:4], f"/admin/curation/auditentry/{entry.pk}/change/"]:  # those showing the markup
        assert "&lt;" in _check(curator_browser.get(url), url), url


def test_submission_admin_shows_a_hostile_title_and_report_as_text(curator_browser, curator_user, hostile):  # noqa: F811
    from ingest.models import Submission

    job = Submission.objects.create(
        content=SCRIPT.encode(),
        title=HOSTILE_NAME,
        filename=f"{SCRIPT}.html",
        state=Submission.State.FAILED,
        error_code="unreadable_input",
        error_message=SCRIPT,
        report={"noise": [{"line": 1, "text": SCRIPT, "reason": HOSTILE_NAME}]},
        created_by=curator_user,
    )
    for url in ("/admin/ingest/submission/", f"/admin/ingest/submission/{job.pk}/change/"):
        _check(curator_browser.get(url), url)

"""A submission's arXiv id links its document to the Paper (API and page), and a job done with no
relation is a warning that offers "re-run as language …" (admin list, its page, the action, the API)."""

from urllib.parse import quote

import pytest
from django.test import Client

from ingest.models import Submission
from kg import selectors, services
from kg.documents import DocumentIn, EntityIn
from tests.jobs import run_here
from tests.security.people import curator_api, curator_user  # noqa: F401 - fixtures

GERMAN = "Orca wurde von Microsoft entwickelt. Orca ist eine Feinabstimmung von LLaMA."
ENGLISH = "Orca was developed by Microsoft. Orca is fine-tuned from LLaMA."
LIST_URL = "/admin/ingest/submission/"


@pytest.fixture
def admin_browser(curator_user):  # noqa: F811
    client = Client()
    client.force_login(curator_user)
    return client


def _submit_and_run(api, **body) -> dict:
    response = api.post("/api/v1/documents", body, format="json")
    assert response.status_code == 202, response.content
    return _run(api, response.json()["id"])


def _run(api, job_id: int) -> dict:
    run_here(job_id)  # the worker's task, run here
    job = api.get(f"/api/v1/jobs/{job_id}").json()
    assert job["state"] == "done", job["error"]
    return job


def test_the_arxiv_id_creates_the_paper_and_links_the_document(graph, curator_api, client):  # noqa: F811
    job = _submit_and_run(curator_api, text=ENGLISH, title="Orca notes", arxiv_id="https://arxiv.org/abs/2306.02707v2")
    document = client.get(job["document"]["url"]).json()
    assert document["paper"] == {
        "key": "arxiv:2306.02707",
        "name": "arXiv:2306.02707",
        "arxiv_id": "2306.02707",
        "url": "/api/v1/papers/arxiv%3A2306.02707",
    }
    paper = client.get(document["paper"]["url"])
    assert paper.status_code == 200, paper.content
    stored = selectors.entity_get(key="arxiv:2306.02707").properties
    assert {"arxiv_id": "2306.02707", "url": "https://arxiv.org/abs/2306.02707", "year": 2023}.items() <= stored.items()
    page = client.get(f"/documents/{quote(document['key'])}").content.decode()
    assert 'href="/papers/arxiv:2306.02707"' in page and "The text of the paper" in page

    # The same paper submitted again (another version) links the same node; no second Paper.
    again = _submit_and_run(curator_api, text=GERMAN, arxiv_id="arXiv:2306.02707v1", language="de")
    assert client.get(again["document"]["url"]).json()["paper"]["key"] == "arxiv:2306.02707"
    papers = client.get("/api/v1/papers", {"limit": 100}).json()["results"]
    assert [p["key"] for p in papers].count("arxiv:2306.02707") == 1


def test_a_paper_known_by_its_arxiv_id_under_another_key_is_the_one_linked(graph, curator_api, client):  # noqa: F811
    known = EntityIn(
        key="orca-progressive-learning",
        label="Paper",
        name="Orca: Progressive Learning from Complex Explanation Traces",
        aliases=("Orca: Progressive Learning from Complex Explanation Traces",),
        properties={"arxiv_id": "2306.02707"},
        mention_spans=((0, 4),),
    )
    services.document_load(
        doc=DocumentIn(
            key="doc-orca",
            title="Orca",
            language="en",
            sha256="0" * 64,
            text="Orca: Progressive Learning from Complex Explanation Traces",
            extractor_version="t/1",
            properties={},
            entities=(known,),
            facts=(),
            attributes=(),
        )
    )
    job = _submit_and_run(curator_api, text=ENGLISH, arxiv_id="2306.02707")
    paper = client.get(job["document"]["url"]).json()["paper"]
    assert (paper["key"], paper["name"]) == ("orca-progressive-learning", known.name)
    # No second node: the arXiv key is only a forgiving address of the known paper.
    by_arxiv_key = client.get("/api/v1/papers/arxiv%3A2306.02707")
    assert by_arxiv_key.status_code == 301 and by_arxiv_key["Location"].endswith("/orca-progressive-learning")


def test_a_document_without_an_arxiv_id_names_no_paper(graph, curator_api, client):  # noqa: F811
    job = _submit_and_run(curator_api, text=ENGLISH)
    assert client.get(job["document"]["url"]).json()["paper"] is None


def test_done_with_no_relation_warns_and_a_rerun_reads_it_as_the_language_chosen(
    graph,
    curator_api,  # noqa: F811
    admin_browser,
):
    job = _submit_and_run(curator_api, text=GERMAN, title="Orca auf Deutsch", language="en")
    assert job["report"]["relations_by_type"] == {}
    assert job["warning"].startswith("No relations were found: it was read as 'en'.")
    listing = admin_browser.get(LIST_URL).content.decode()
    assert 'class="job job-warning"' in listing and 'class="job job-done"' not in listing
    assert "re-run as language …" in listing
    page = admin_browser.get(f"{LIST_URL}{job['id']}/change/").content.decode()
    assert "No relations were found" in page and 'name="rerun_language"' in page

    # The change page's button: queued again as German, then done with the relations the text states.
    response = admin_browser.post(f"{LIST_URL}{job['id']}/rerun/", {"rerun_language": "de"})
    assert response.status_code == 302
    assert Submission.objects.get(pk=job["id"]).language == "de"
    rerun = _run(curator_api, job["id"])
    assert rerun["warning"] == "" and rerun["report"]["relations_by_type"] == {"DEVELOPED_BY": 1, "FINE_TUNES": 1}
    assert selectors.document_get(key=rerun["document"]["key"]).language == "de"
    assert 'class="job job-done"' in admin_browser.get(LIST_URL).content.decode()

    # Through the API: an unsupported language gets the submission's message; a running job is a 409.
    refused = curator_api.post(rerun["rerun_url"], {"language": "klingon"}, format="json")
    assert refused.status_code == 400
    message = refused.json()["error"]["detail"]["language"][0]
    assert message.startswith("'klingon' is not a supported language; choose one of ar, de, en,")
    queued = curator_api.post(rerun["rerun_url"], {"language": "en"}, format="json")
    assert queued.status_code == 202 and queued.json()["state"] == "queued" and queued.json()["language"] == "en"
    busy = curator_api.post(rerun["rerun_url"], {"language": "de"}, format="json")
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "job_busy"
    back = _run(curator_api, job["id"])
    assert back["warning"] and selectors.document_get(key=back["document"]["key"]).language == "en"

    # The list's action: the selected submissions, as the language chosen beside it.
    admin_browser.post(LIST_URL, {"action": "rerun", "_selected_action": [job["id"]], "language": "de"})
    assert Submission.objects.get(pk=job["id"]).state == Submission.State.QUEUED
    assert _run(curator_api, job["id"])["warning"] == ""


def test_rerun_needs_a_curator_and_an_existing_job(client, curator_api):  # noqa: F811
    anonymous = client.post("/api/v1/jobs/1/rerun", {"language": "de"}, content_type="application/json")
    assert anonymous.status_code == 401
    assert curator_api.post("/api/v1/jobs/1/rerun", {"language": "de"}, format="json").status_code == 404

"""Documents with a lifecycle over REST: withdraw (DELETE, with If-Match and a dry run), duplicates
refused with the existing document's key, `supersedes` (seeds too), and cancelling a job; the jobs
a real worker runs over the real broker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app
from curation.models import AuditEntry
from ingest.models import Submission
from kg import selectors, services
from kg.cursors import encode_cursor
from tests.api.conftest import DOC_A, error_of

ARTICLE = """# Orca-Mini

Orca-Mini is a model developed by Example Labs. Orca-Mini is fine-tuned from LLaMA.
"""
CARD = "# Orca-Mini\n\nOrca-Mini is a model developed by Microsoft. Orca-Mini is fine-tuned from LLaMA. Orca-Mini uses RMSNorm.\n"


# --- withdraw ------------------------------------------------------------------------------------


def test_withdrawing_needs_a_curator(api, reader):
    assert api.delete("/api/v1/documents/doc-c").status_code == 401
    response = reader.delete("/api/v1/documents/doc-c")
    assert response.status_code == 403 and "Withdrawing documents" in error_of(response)["message"]
    assert selectors.document_get(key="doc-c")


def test_a_dry_run_lists_what_would_go_and_changes_nothing(api, curator):
    version = selectors.graph_state().version
    response = curator.delete("/api/v1/documents/doc-c?dry_run=true")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["withdrawn"] is False and body["audit"] is None
    assert [f["key"] for f in body["removed_facts"]] == ["vicuna|DERIVED_FROM|alpaca"]
    assert body["kept_facts"] == [] and body["removed_entities"] == [] and body["claims"] == 1
    assert selectors.graph_state().version == version and not AuditEntry.objects.exists()


def test_withdrawing_removes_the_facts_only_it_supported_and_answers_what_it_did(api, curator):
    services.fact_decide(key="gopher|USES|rmsnorm", decision="accepted")  # only doc-b states it
    response = curator.delete("/api/v1/documents/doc-b")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["withdrawn"] is True and body["audit"]["action"] == "document_withdraw"
    assert {f["key"] for f in body["kept_facts"]} == {"gopher|USES|rmsnorm"}
    assert "alpaca|FINE_TUNES|llama" in {f["key"] for f in body["removed_facts"]}
    assert body["other_facts"] == 0
    assert error_of(curator.get("/api/v1/documents/doc-b"))["code"] == "not_found"
    assert "deepmind" in body["removed_entities"] and "alpaca" not in body["removed_entities"]  # doc-c names it
    assert api.get("/api/v1/organizations/deepmind").status_code == 404
    assert api.get("/api/v1/models/alpaca").status_code == 200
    kept = api.get("/api/v1/facts/gopher%7CUSES%7Crmsnorm").json()
    assert kept["status"] == "accepted" and kept["evidence"] == [] and kept["withdrawn_sources"] == ["doc-b"]
    again = curator.delete("/api/v1/documents/doc-b")
    assert again.status_code == 404 and error_of(again)["code"] == "not_found"


def test_if_match_takes_the_sha256_as_read(api, curator):
    stale = curator.delete("/api/v1/documents/doc-c", HTTP_IF_MATCH='"0000"')
    assert stale.status_code == 412 and error_of(stale)["code"] == "precondition_failed"
    assert selectors.document_get(key="doc-c")
    sha256 = api.get("/api/v1/documents/doc-c").json()["sha256"]
    assert curator.delete("/api/v1/documents/doc-c", HTTP_IF_MATCH=f'"{sha256}"').status_code == 200


@pytest.mark.parametrize("query", ["dry_run=perhaps", "dry_run=", "dry_run=1&dry_run=0"])
def test_a_bad_dry_run_is_400_and_withdraws_nothing(api, curator, query):
    response = curator.delete(f"/api/v1/documents/doc-c?{query}")
    assert response.status_code == 400 and error_of(response)["code"] == "invalid_parameter"
    assert selectors.document_get(key="doc-c")


# --- duplicates and revisions ----------------------------------------------------------------------


def test_a_text_a_document_already_has_is_409_with_its_key(api, curator):
    for text in (DOC_A.text, "  " + DOC_A.text.upper().replace(" ", "\n  ")):  # case and spacing aside
        response = curator.post("/api/v1/documents", {"text": text, "language": "en"}, format="json")
        assert response.status_code == 409, response.content
        error = error_of(response)
        assert error["code"] == "duplicate_content" and "doc-a" in error["message"]
        assert error["detail"] == {
            "document": "doc-a",
            "document_url": "/api/v1/documents/doc-a",
            "title": "Title of doc-a",
            "job": None,
        }
    assert Submission.objects.count() == 0


def test_a_queued_copy_is_a_duplicate_too_and_force_keeps_a_separate_one(curator):
    first = curator.post("/api/v1/documents", {"text": ARTICLE}, format="json").json()
    response = curator.post("/api/v1/documents", {"text": ARTICLE.replace("\n", "\r\n")}, format="json")
    assert response.status_code == 409
    assert error_of(response)["detail"]["job"] == first["id"]
    assert error_of(response)["detail"]["document"] == f"submission-{first['id']}"
    forced = curator.post("/api/v1/documents", {"text": ARTICLE, "force": True}, format="json")
    assert forced.status_code == 202 and forced.json()["revision_of"] is None
    assert Submission.objects.count() == 2


def test_supersedes_revises_a_submission_or_a_seed_document(api, curator):
    first = curator.post("/api/v1/documents", {"text": ARTICLE}, format="json").json()
    key = f"submission-{first['id']}"
    revision = curator.post("/api/v1/documents", {"text": ARTICLE, "supersedes": key}, format="json")
    assert revision.status_code == 202 and revision.json()["revision_of"] == key
    stored = Submission.objects.get(pk=revision.json()["id"])
    assert stored.supersedes_id == first["id"] and stored.document_key == key
    # doc-a was loaded with no submission (like `manage.py ingest`): revised by its key.
    seed = curator.post("/api/v1/documents", {"text": DOC_A.text, "supersedes": "doc-a"}, format="json")
    assert seed.status_code == 202 and seed.json()["revision_of"] == "doc-a"
    stored = Submission.objects.get(pk=seed.json()["id"])
    assert stored.supersedes is None and stored.document_key == "doc-a"


def test_supersedes_must_name_a_document(api, curator):
    response = curator.post("/api/v1/documents", {"text": ARTICLE, "supersedes": "no-such-document"}, format="json")
    assert response.status_code == 404
    error = error_of(response)
    assert (
        error["code"] == "unknown_document" and error["message"] == "There is no document 'no-such-document' to revise."
    )
    bad = curator.post("/api/v1/documents", {"text": ARTICLE, "supersedes": 7}, format="json")
    assert bad.status_code == 400 and error_of(bad)["code"] == "invalid_parameter"
    assert Submission.objects.count() == 0


# --- cancel ----------------------------------------------------------------------------------------


def test_a_queued_job_is_cancelled_once(client, reader, curator):
    job = curator.post("/api/v1/documents", {"text": ARTICLE}, format="json").json()
    assert client.post(f"{job['url']}/cancel").status_code == 401
    assert reader.post(f"{job['url']}/cancel").status_code == 403
    response = curator.post(f"{job['url']}/cancel")
    assert response.status_code == 200 and response.json()["state"] == "cancelled"
    again = curator.post(f"{job['url']}/cancel")
    assert again.status_code == 409 and error_of(again)["code"] == "not_cancellable"
    assert "already cancelled" in error_of(again)["message"]
    assert curator.post("/api/v1/jobs/999999/cancel").status_code == 404
    assert curator.post("/api/v1/jobs/" + "9" * 40 + "/cancel").status_code == 404


@pytest.mark.parametrize(
    ("state", "stage", "says"),
    [
        ("running", "load", "is loading its document into the graph; withdraw the document once the job is done"),
        ("done", "done", "is done; withdraw its document instead"),
        ("failed", "", "is already failed"),
    ],
)
def test_a_job_past_the_point_of_cancelling_says_what_to_do(curator, state, stage, says):
    job = Submission.objects.create(content=ARTICLE.encode(), title="late")
    Submission.objects.filter(pk=job.pk).update(state=state, stage=stage)
    response = curator.post(f"/api/v1/jobs/{job.pk}/cancel")
    assert response.status_code == 409 and error_of(response)["message"] == f"Job {job.pk} {says}."
    assert Submission.objects.get(pk=job.pk).state == state


# --- with a real worker ----------------------------------------------------------------------------


@pytest.fixture
def worker(graph, transactional_db):
    with start_worker(celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=30):
        yield


def _wait(curator, url: str, states: tuple[str, ...], seconds: float = 180) -> dict:
    deadline = time.monotonic() + seconds
    while (job := curator.get(url).json())["state"] not in states:
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
    return job


def _long_article(models: int) -> str:
    """Many distinct sentences: an extraction that takes seconds, so a cancel meets it running."""
    lines = [f"Orca-{i}-7B is a model fine-tuned from LLaMA by Example Labs {i}." for i in range(models)]
    return "# Many models\n\n" + "\n".join(lines) + "\n"


def test_a_running_job_stops_at_its_next_stage_and_a_queued_one_never_starts(worker, curator):
    long = curator.post("/api/v1/documents", {"text": _long_article(2000)}, format="json").json()
    queued = curator.post("/api/v1/documents", {"text": ARTICLE}, format="json").json()
    running = _wait(curator, long["url"], ("running", "done", "failed"))
    assert running["state"] == "running", running
    # The queued one first: once the running one stops, the worker would take the next job at once.
    assert curator.post(f"{queued['url']}/cancel").json()["state"] == "cancelled"
    assert curator.post(f"{long['url']}/cancel").json()["state"] == "cancelled"
    follower = curator.post("/api/v1/documents", {"text": ARTICLE.replace("Orca", "Dolphin")}, format="json").json()
    assert _wait(curator, follower["url"], ("done", "failed"))["state"] == "done"  # the worker moved on
    stopped = Submission.objects.get(pk=long["id"])
    assert stopped.state == Submission.State.CANCELLED and stopped.progress < 1 and stopped.stage != "load"
    never = Submission.objects.get(pk=queued["id"])
    assert never.state == Submission.State.CANCELLED and never.attempts == 0 and never.started_at is None
    assert [d.key for d in selectors.documents_recent()] == [f"submission-{follower['id']}"]  # graph unchanged
    assert stopped.task_id and never.task_id  # what the cancel revoked


def test_a_document_submitted_then_withdrawn_leaves_the_pages_and_the_api(worker, curator, client):
    job = curator.post("/api/v1/documents", {"text": CARD, "title": "Orca card"}, format="json").json()
    done = _wait(curator, job["url"], ("done", "failed"))
    assert done["state"] == "done", done
    key = done["document"]["key"]
    before = client.get("/models/orca-mini").content.decode()
    assert all(link in before for link in ('"/techniques/rmsnorm"', '"/models/llama"', '"/organizations/microsoft"'))
    services.fact_decide(key="orca-mini|FINE_TUNES|llama", decision="accepted")
    withdrawn = curator.delete(f"/api/v1/documents/{key}")
    assert withdrawn.status_code == 200
    body = withdrawn.json()
    assert {f["key"] for f in body["kept_facts"]} == {"orca-mini|FINE_TUNES|llama"}
    assert {f["key"] for f in body["removed_facts"]} == {"orca-mini|DEVELOPED_BY|microsoft", "orca-mini|USES|rmsnorm"}
    assert body["removed_entities"] == ["microsoft", "rmsnorm"]
    assert curator.get(job["url"]).json()["state"] == "withdrawn"
    assert client.get(f"/api/v1/documents/{key}").status_code == 404
    assert client.get(f"/documents/{key}").status_code == 404
    assert client.get("/api/v1/organizations/microsoft").status_code == 404
    assert client.get("/api/v1/techniques/rmsnorm").status_code == 404
    # The accepted fine-tune stays on the model page and in the API, its evidence gone, its source noted.
    after = client.get("/models/orca-mini").content.decode()
    assert '"/models/llama"' in after
    assert '"/techniques/rmsnorm"' not in after and '"/organizations/microsoft"' not in after
    fact = client.get("/api/v1/facts/orca-mini%7CFINE_TUNES%7Cllama").json()
    assert fact["evidence"] == [] and fact["withdrawn_sources"] == [key]
    # The same text again is no duplicate now: the document is gone.
    assert curator.post("/api/v1/documents", {"text": CARD}, format="json").status_code == 202


# --- the job list ----------------------------------------------------------------------------------


def test_the_job_list_pages_newest_first_and_filters_by_state(client, reader, curator):
    made = [
        curator.post("/api/v1/documents", {"text": f"{ARTICLE}\nNote {n}."}, format="json").json() for n in range(3)
    ]
    curator.post(f"{made[1]['url']}/cancel")
    assert client.get("/api/v1/jobs").status_code == 401
    assert reader.get("/api/v1/jobs").status_code == 403

    first = curator.get("/api/v1/jobs?limit=2")
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["count"] == 3 and [j["id"] for j in body["results"]] == [made[2]["id"], made[1]["id"]]
    assert body["results"][0]["url"] == made[2]["url"] and body["results"][0]["state"] == "queued"
    rest = curator.get(body["next"]).json()
    assert [j["id"] for j in rest["results"]] == [made[0]["id"]] and rest["next"] is None

    cancelled = curator.get("/api/v1/jobs?state=cancelled").json()
    assert cancelled["count"] == 1 and [j["id"] for j in cancelled["results"]] == [made[1]["id"]]
    wrong = curator.get("/api/v1/jobs?state=finished")
    assert wrong.status_code == 400 and "state" in error_of(wrong)["detail"]
    assert error_of(curator.get("/api/v1/jobs?cursor=abc"))["code"] == "invalid_parameter"
    forged = encode_cursor(scope="JobListParams", position=("²",))  # cursors are not signed; '²'.isdigit()
    assert error_of(curator.get(f"/api/v1/jobs?cursor={forged}"))["code"] == "invalid_parameter"

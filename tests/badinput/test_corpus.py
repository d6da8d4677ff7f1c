"""Every corpus case through the CLI, the API submission (the real task) and the pages: it ingests
cleanly or fails with a clear message, and a failure leaves the graph exactly as it was."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from ingest.models import Submission
from tests.badinput.cases import CASES, INGESTED, Case
from tests.badinput.checks import assert_ingested_cleanly, assert_safe, html_of
from tests.jobs import run_here
from tests.reliability.graph import fingerprint

IDS = [case.name for case in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cli(case: Case, graph, client, tmp_path):
    path = tmp_path / case.filename
    path.write_bytes(case.build())
    before = fingerprint()
    out, err = io.StringIO(), io.StringIO()
    if case.expect == INGESTED:
        call_command("ingest", str(path), stdout=out, stderr=err)
        assert out.getvalue().startswith(f"{case.filename}: "), out.getvalue()
        key = "file-" + path.stem.lower()
        assert_ingested_cleanly(client=client, key=key, keeps=case.keeps)
        return
    with pytest.raises(CommandError) as refused:  # one input: its error is the command's one line
        call_command("ingest", str(path), stdout=out, stderr=err)
    line = str(refused.value)
    assert line.startswith(f"{path}: {case.expect}: ") and len(line) > len(f"{path}: {case.expect}: ") + 10, line
    assert fingerprint() == before


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_api_submission_and_pages(case: Case, graph, client, curator_api, curator_browser):
    before = fingerprint()
    upload = SimpleUploadedFile(case.filename, case.build(), content_type="application/octet-stream")
    response = curator_api.post("/api/v1/documents", {"file": upload}, format="multipart")
    if response.status_code != 202:
        # Refused at the door: only a clear failure may be, and then nothing was stored at all.
        assert case.expect != INGESTED and response.status_code in (400, 413), response.content[:300]
        error = response.json()["error"]
        assert error["code"] and error["message"], error
        assert Submission.objects.count() == 0 and fingerprint() == before
        return
    job_url = response["Location"]
    run_here(response.json()["id"])
    job = curator_api.get(job_url).json()
    admin_page = html_of(curator_browser, f"/admin/ingest/submission/{job['id']}/change/")
    assert_safe(admin_page, "submission admin")
    if case.expect != INGESTED:
        assert job["state"] == "failed" and job["error"]["code"] == case.expect, job
        assert len(job["error"]["message"]) > 10 and job["document"] is None
        assert fingerprint() == before
        return
    assert job["state"] == "done", job["error"]
    assert_ingested_cleanly(client=client, key=job["document"]["key"], keeps=case.keeps)
    assert_safe(html_of(curator_browser, "/admin/curation/reviewedfact/"), "review queue")

"""The queue's and the submissions list's scripts in real Chromium: select-all feeds the bulk
preview, the submissions list updates a job's cells in place (ticks kept, no reload), the key
fields suggest entities, and public pages show "review / edit" to a signed-in curator only."""

import re

import pytest
from playwright.sync_api import Page, expect

from ingest.models import Submission
from kg import services
from tests.curation.conftest import CURATOR_PASSWORD
from tests.factories import document

pytestmark = pytest.mark.browser

FT = "instructgpt|FINE_TUNES|gpt-3"
DEV = "gpt-3|DEVELOPED_BY|openai"
USES = "llama|USES|rlhf"


def _load() -> None:
    services.document_load(doc=document("doc-a", [("instructgpt", "FINE_TUNES", "gpt-3")], confidence=0.85))
    services.document_load(doc=document("doc-b", [("gpt-3", "DEVELOPED_BY", "openai")], confidence=0.82))
    services.document_load(doc=document("doc-c", [("llama", "USES", "rlhf")], confidence=0.5))


def _sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", "cura")
    page.fill("#id_password", CURATOR_PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#content")).to_contain_text("Review queue")


def test_select_all_ticks_every_row_and_the_top_button_previews_them(page, live_server, curator, graph, errors):
    _load()
    base = live_server.url
    _sign_in(page, base)
    page.goto(f"{base}/admin/curation/reviewedfact/")
    boxes = page.locator('#queue input[name="keys"]')
    expect(boxes).to_have_count(3)
    page.check("#select-all")
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, True, True]
    boxes.nth(1).uncheck()
    assert page.evaluate("document.getElementById('select-all').indeterminate") is True
    page.check("#select-all")
    page.locator("#actions-top").get_by_role("button", name="Reject selected…").click()
    planned = page.locator("tr.planned")
    expect(planned).to_have_count(3)
    assert sorted(planned.evaluate_all("rows => rows.map(r => r.dataset.key)")) == sorted([FT, DEV, USES])


def test_a_key_field_suggests_entities_with_name_label_and_key(page, live_server, curator, graph, errors):
    _load()
    base = live_server.url
    _sign_in(page, base)
    page.goto(f"{base}/admin/curation/reviewedfact/new/")
    page.fill("#id_subject", "GPT3")  # an alias
    options = page.locator("#id_subject + datalist option")
    expect(options.first).to_have_attribute("value", "gpt-3")
    assert options.first.get_attribute("label") == "GPT-3 · Model · gpt-3"


def test_the_submissions_list_updates_a_job_in_place_and_keeps_the_ticks(page, live_server, curator, errors):
    base = live_server.url
    queued = Submission.objects.create(content=b"Orca is a model.", title="Orca note", created_by=curator)
    other = Submission.objects.create(content=b"Another note.", title="Other note", created_by=curator)
    _sign_in(page, base)
    page.goto(f"{base}/admin/ingest/submission/")
    row = page.locator("#result_list tbody tr", has_text="Orca note")
    expect(row.locator(".job-queued")).to_be_visible()
    page.evaluate("window.sameDocument = true")  # gone if the page reloads
    row.locator("input.action-select").check()
    page.locator("#result_list tbody tr", has_text="Other note").locator("input.action-select").check()
    Submission.objects.filter(pk=queued.pk).update(state="running", stage="extract", progress=0.4)
    expect(row.locator(".job-running")).to_be_visible(timeout=10_000)
    expect(row.locator("td.field-job")).to_contain_text("extract")
    Submission.objects.filter(pk=queued.pk).update(state="failed", error_code="x", error_message="It broke.")
    expect(row.locator(".job-failed")).to_contain_text("failed", timeout=10_000)
    expect(row.locator("td.field-job")).to_contain_text("It broke.")
    assert page.evaluate("window.sameDocument") is True
    assert row.locator("input.action-select").is_checked()
    assert page.locator("#result_list tbody tr", has_text="Other note").locator("input.action-select").is_checked()
    assert other.pk != queued.pk


def test_review_links_on_a_public_page_for_a_signed_in_curator_only(
    chromium, page, live_server, curator, graph, errors
):
    _load()
    base = live_server.url
    anonymous = chromium.new_context()
    try:
        visitor = anonymous.new_page()
        visitor.goto(f"{base}/models/gpt-3")
        expect(visitor.locator(f'tr[data-fact="{DEV}"]')).to_be_visible()
        visitor.wait_for_load_state("networkidle")
        expect(visitor.locator("a.review-link")).to_have_count(0)
    finally:
        anonymous.close()
    _sign_in(page, base)
    page.goto(f"{base}/models/gpt-3")
    link = page.locator(f'tr[data-fact="{DEV}"] a.review-link')
    expect(link).to_have_text("review / edit")
    link.click()
    expect(page).to_have_url(re.compile(r"/admin/curation/reviewedfact/gpt-3%7CDEVELOPED_BY%7Copenai/\?next="))
    expect(page.locator("#fact-status")).to_have_text("proposed")

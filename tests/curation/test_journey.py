"""Done-when: a curator's whole journey in real Chromium, with a real Celery worker on the real broker.

Sign in, add a new English article about a model the graph does not know, watch the job finish,
accept one fact, reject another after a preview, preview and merge two entities, revert the merge
and merge again, see the model page and the API follow each step; ingest a revised version of the
article and see every decision hold; then withdraw the document and see exactly the facts only it
supported go, the decided ones stay with a note.
"""

import os
import re
import shutil
import time
from urllib.parse import quote

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from config.celery import app as celery_app
from ingest.models import Submission
from kg import selectors
from kg.errors import EntityNotFound
from tests.curation.conftest import CURATOR_PASSWORD

pytestmark = pytest.mark.browser

MODEL = "zephyrine-7b"
TYPO = "zephyrnie-7b"  # the article misspells the name once: the pipeline proposes a merge
ACCEPT = f"{MODEL}|DEVELOPED_BY|mistral-ai"
REJECT = f"{MODEL}|TRAINED_ON|the-pile"
MOVED = f"{TYPO}|USES|rope"
ARTICLE = """# Zephyrine-7B

Zephyrine-7B is a language model developed by Mistral AI. Zephyrine-7B is fine-tuned from Mistral 7B.
Zephyrine-7B was trained on The Pile. Zephyrine-7B uses RMSNorm.
The Zephyrnie-7B model uses RoPE.
"""
REVISED = ARTICLE + "Zephyrine-7B was released in 2024 under an open licence.\n"
WAIT_SECONDS = 300
DOCS_SHOTS = django_settings.BASE_DIR / "docs" / "screenshots"
# The README's curation screenshots are refreshed only when asked: a test run leaves the checkout as it was.
UPDATE_DOCS = os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1"


@pytest.fixture
def worker(graph, transactional_db, settings):
    # Everything the pipeline finds in this article stays proposed until the curator decides.
    settings.INGEST_AUTO_ACCEPT_CONFIDENCE = 0.99
    settings.PAGES_MIN_CONFIDENCE = 0.99  # and pages show only what the curator accepted, unless asked
    settings.INGEST_QUEUED_NOTICE_SECONDS = 600
    with start_worker(celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=60):
        yield


def _shot(page: Page, artifacts_dir, name: str, *, docs: bool = False) -> None:
    path = artifacts_dir / f"curation-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if docs and UPDATE_DOCS:
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS_SHOTS / f"curation-{name}.png")


def _api_relations(page: Page, base: str, key: str, *, unreviewed: bool = True) -> dict[str, str]:
    response = page.request.get(f"{base}/api/v1/models/{key}?unreviewed={'1' if unreviewed else '0'}")
    assert response.status == 200, response.text()
    return {r["fact"]: r["status"] for r in response.json()["relations"]}


def _submit(page: Page, base: str, *, title: str, text: str, revision_of: str | None = None) -> None:
    page.goto(f"{base}/admin/ingest/submission/add/")
    page.fill("#id_title", title)
    page.fill("#id_arxiv_id", "https://arxiv.org/abs/2401.01234")
    page.fill("#id_text", text)
    if revision_of:
        page.select_option("#id_supersedes", label=revision_of)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("Queued for ingest")


def _wait_done(page: Page, base: str, title: str) -> None:
    """Watch the submissions list (it also refreshes itself while jobs run) until this job is done."""
    deadline = time.monotonic() + WAIT_SECONDS
    state = "not listed"
    while time.monotonic() < deadline:
        try:
            page.goto(f"{base}/admin/ingest/submission/?q={quote(title)}")
            row = page.locator("#result_list tbody tr", has_text=title).first
            state = row.locator(".job").inner_text(timeout=5_000)
            if state == "done":
                return
            assert state != "failed", row.inner_text()
        except PlaywrightError:
            pass  # the page's own refresh raced ours; look again
        time.sleep(1)
    raise AssertionError(f"{title!r} still {state} after {WAIT_SECONDS}s")


def test_curator_journey(page: Page, live_server, worker, curator, artifacts_dir):
    base = live_server.url
    with pytest.raises(EntityNotFound):
        selectors.entity_get(key=MODEL)  # the graph has never heard of it

    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", "cura")
    page.fill("#id_password", CURATOR_PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#content")).to_contain_text("Review queue")

    _submit(page, base, title="Zephyrine-7B model card", text=ARTICLE)
    _wait_done(page, base, "Zephyrine-7B model card")
    _shot(page, artifacts_dir, "submissions")
    # The report counts what waits in the queue for this document, and the queue agrees.
    page.locator("#result_list tbody tr", has_text="Zephyrine-7B model card").locator("th a, td a").first.click()
    waiting = page.locator("#waiting")
    count = int(re.search(r"(\d+) facts? this document states", waiting.inner_text()).group(1))
    waiting.get_by_role("link", name="Open the review queue for this document").click()
    expect(page.locator("#result_list tbody tr[data-key]")).to_have_count(count)
    page.goto(f"{base}/admin/ingest/submission/?q={quote('Zephyrine-7B model card')}")
    page.get_by_role("link", name="review its facts").first.click()
    queue = page.locator("#result_list")
    expect(queue.locator(f'tr[data-key="{ACCEPT}"] mark')).to_contain_text("developed by Mistral AI")
    expect(queue.locator(f'tr[data-key="{REJECT}"]')).to_be_visible()
    _shot(page, artifacts_dir, "review-queue", docs=True)
    assert _api_relations(page, base, MODEL, unreviewed=False) == {}

    # Accept one fact through the bulk action's preview: nothing changes until the curator confirms;
    # then its page and the API show it as accepted, even hiding unreviewed.
    queue.locator(f'tr[data-key="{ACCEPT}"] input[name=keys]').check()
    page.locator("#actions-top").get_by_role("button", name="Accept selected").click()
    expect(page.locator("#plan-summary")).to_contain_text("Accept 1 fact?")
    expect(page.locator(f'#plan tr[data-key="{ACCEPT}"]')).to_be_visible()
    assert _api_relations(page, base, MODEL, unreviewed=False) == {}
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messagelist")).to_contain_text("1 fact(s) accepted.")
    page.goto(f"{base}/admin/curation/reviewedfact/{ACCEPT}/")
    expect(page.locator("#fact-status")).to_have_text("accepted")
    assert _api_relations(page, base, MODEL, unreviewed=False) == {ACCEPT: "accepted"}
    page.goto(f"{base}/models/{MODEL}?unreviewed=0")
    expect(page.locator("main")).to_contain_text("Mistral AI")
    expect(page.locator("main")).not_to_contain_text("The Pile")

    # Reject another from the queue: it leaves the page and the API altogether.
    page.goto(f"{base}/admin/curation/reviewedfact/")
    page.locator(f'tr[data-key="{REJECT}"] input[name=keys]').check()
    page.locator("#actions-bottom").get_by_role("button", name="Reject selected").click()  # also at the top
    # A bulk decision says exactly what it changes before it does.
    expect(page.locator("#plan-summary")).to_contain_text("Reject 1 fact?")
    expect(page.locator(f'#plan tr[data-key="{REJECT}"]')).to_be_visible()
    _shot(page, artifacts_dir, "bulk-preview", docs=True)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messagelist")).to_contain_text("1 fact(s) rejected.")
    expect(page.locator(f'tr[data-key="{REJECT}"]')).to_have_count(0)
    assert REJECT not in _api_relations(page, base, MODEL)
    # The fine-tune is still unreviewed: pages show it once asked to, the rejected fact not even then.
    page.goto(f"{base}/models/{MODEL}?unreviewed=1")
    expect(page.locator("main")).to_contain_text("Mistral 7B")
    expect(page.locator("main")).not_to_contain_text("The Pile")
    _shot(page, artifacts_dir, "model-after-review")

    # Merge the misspelt duplicate the pipeline suggested, with one click.
    page.goto(f"{base}/admin/curation/curatedentity/")
    suggestion = page.locator(f'tr[data-pair="{MODEL} {TYPO}"]')
    expect(suggestion).to_contain_text("similar names")
    _shot(page, artifacts_dir, "merge-suggestions", docs=True)
    suggestion.get_by_role("button", name="keep Zephyrine-7B").click()
    # The merge is previewed: what moves where, what redirects; nothing has changed yet.
    expect(page.locator("#plan-redirects")).to_contain_text(TYPO)
    expect(page.locator("#merge-plan")).to_contain_text(MOVED.replace(TYPO, MODEL))
    _shot(page, artifacts_dir, "merge-preview", docs=True)
    page.get_by_role("button", name="Confirm the merge").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Merged {TYPO} into {MODEL}")
    page.goto(f"{base}/models/{TYPO}?unreviewed=1")  # RoPE is still unreviewed
    assert page.url.endswith(f"/models/{MODEL}?unreviewed=1")
    expect(page.locator("main")).to_contain_text("RoPE")
    moved = page.request.get(f"{base}/api/v1/models/{TYPO}", max_redirects=0)
    assert moved.status == 301 and moved.headers["location"].endswith(f"/api/v1/models/{MODEL}")
    merged = MOVED.replace(TYPO, MODEL)
    after_merge = _api_relations(page, base, MODEL)
    assert after_merge[merged] == "proposed" and after_merge[ACCEPT] == "accepted" and REJECT not in after_merge

    # The merge is undone from the survivor's history: the misspelt entity is back with its own fact.
    page.goto(f"{base}/admin/curation/curatedentity/{MODEL}/")
    merge_row = page.locator("table.history tbody tr", has_text="merge entities")
    merge_row.get_by_role("button", name=re.compile("^Revert")).click()
    expect(page.locator(".messagelist")).to_contain_text("Reverted")
    assert page.request.get(f"{base}/api/v1/models/{TYPO}", max_redirects=0).status == 200
    assert _api_relations(page, base, TYPO) == {MOVED: "proposed"}
    assert merged not in _api_relations(page, base, MODEL)
    page.goto(f"{base}/models/{TYPO}?unreviewed=1")  # its own page again, no redirect
    assert page.url.endswith(f"/models/{TYPO}?unreviewed=1")
    expect(page.locator("main")).to_contain_text("RoPE")
    page.goto(f"{base}/admin/curation/curatedentity/{MODEL}/")
    expect(page.locator("table.history tbody tr", has_text="merge entities")).to_contain_text("reverted")
    # The suggestion is offered again; the curator merges once more, through the same preview.
    page.goto(f"{base}/admin/curation/curatedentity/")
    page.locator(f'tr[data-pair="{MODEL} {TYPO}"]').get_by_role("button", name="keep Zephyrine-7B").click()
    expect(page.locator("#merge-plan")).to_contain_text(merged)
    page.get_by_role("button", name="Confirm the merge").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Merged {TYPO} into {MODEL}")
    assert _api_relations(page, base, MODEL)[merged] == "proposed"

    # A revised article (same document, one more sentence, the typo still in it) is ingested again.
    page.goto(f"{base}/admin/ingest/submission/")
    _submit(page, base, title="Zephyrine-7B model card, revised", text=REVISED, revision_of="Zephyrine-7B model card")
    _wait_done(page, base, "Zephyrine-7B model card, revised")
    after_revision = _api_relations(page, base, MODEL)
    assert after_revision[ACCEPT] == "accepted" and after_revision[merged] == "proposed"
    assert REJECT not in after_revision
    assert page.request.get(f"{base}/api/v1/facts/{REJECT}").json()["status"] == "rejected"
    assert page.request.get(f"{base}/api/v1/models/{TYPO}", max_redirects=0).status == 301
    first = Submission.objects.get(title="Zephyrine-7B model card")
    assert "open licence" in selectors.document_get(key=first.document_key).text  # the revision replaced it
    assert "2024" in str(selectors.entity_get(key=MODEL).properties.get("released", ""))
    page.goto(f"{base}/admin/curation/curatedentity/{MODEL}/")
    expect(page.locator("#history")).to_be_visible()
    expect(page.locator("table.history")).to_contain_text("merge entities")
    page.goto(f"{base}/models/{MODEL}")
    expect(page.locator("main")).not_to_contain_text("The Pile")
    assert re.search(r"Mistral AI", page.locator("main").inner_text())
    _shot(page, artifacts_dir, "model-after-revision")

    # Withdraw the document from its submission: a confirmation lists what goes and what stays.
    page.goto(f"{base}/admin/ingest/submission/{first.pk}/change/")
    page.locator("#withdraw-link").click()
    plan = page.locator(f'.withdrawal[data-key="{first.document_key}"]')
    expect(plan.locator(".removed-facts")).to_contain_text("rope")  # proposed, only this document states it
    expect(plan.locator(".kept-facts")).to_contain_text("mistral-ai")  # accepted by the curator
    # Rejected by the curator: the decision stays, but nothing else names The Pile, so it goes unseen.
    expect(plan.locator(".kept-facts tr", has_text="the-pile")).to_contain_text("the decision stays in effect")
    expect(plan.locator(".removed-entities")).to_contain_text("the-pile")
    assert page.request.get(f"{base}/api/v1/facts/{merged}").status == 200  # nothing has changed yet
    _shot(page, artifacts_dir, "withdraw-preview", docs=True)
    page.locator("#confirm-withdraw").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Withdrew {first.document_key}")
    assert page.request.get(f"{base}/api/v1/documents/{first.document_key}").status == 404
    assert page.request.get(f"{base}/api/v1/facts/{merged}").status == 404
    kept = page.request.get(f"{base}/api/v1/facts/{ACCEPT}").json()
    assert kept["status"] == "accepted" and kept["withdrawn_sources"] == [first.document_key]
    assert page.request.get(f"{base}/api/v1/datasets/the-pile").status == 404
    assert _api_relations(page, base, MODEL) == {ACCEPT: "accepted"}
    page.goto(f"{base}/admin/curation/reviewedfact/{ACCEPT}/")
    expect(page.locator("#withdrawn-sources")).to_contain_text(first.document_key)
    page.goto(f"{base}/models/{MODEL}?unreviewed=1")
    expect(page.locator("main")).to_contain_text("Mistral AI")
    expect(page.locator("main")).not_to_contain_text("RoPE")
    page.goto(f"{base}/admin/ingest/submission/?q={quote('Zephyrine-7B model card')}")
    expect(page.locator("#result_list tbody tr", has_text="Zephyrine-7B model card").first).to_contain_text("withdrawn")

"""The curation admin, driven over HTTP with Django's client, against the real Neo4j and broker."""

import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curation.models import AuditEntry
from ingest.models import Submission
from ingest.submissions import submission_ingest
from kg import selectors, services
from tests.factories import document

FT = "instructgpt|FINE_TUNES|gpt-3"
DEV = "gpt-3|DEVELOPED_BY|openai"
ARTICLE = b"# Nimbus-3B\n\nNimbus-3B is a language model developed by OpenAI. Nimbus-3B is fine-tuned from LLaMA.\n"


def confirmed(client, url: str, data: dict, *, expect: str):
    """Post an action that is previewed first: the preview must say `expect` and change nothing
    by itself; then confirm it with the plan the preview carried. Returns the confirmation's answer."""
    preview = client.post(url, data)
    page = preview.content.decode()
    assert preview.status_code == 200 and expect in page, page[page.find('id="content"') :][:2000]
    plan = re.search(r'name="plan" value="([^"]+)"', page).group(1)
    return client.post(url, {**data, "confirm": "yes", "plan": plan})


def test_the_curator_sees_the_curation_admin_and_nothing_else(admin_client, curator):
    page = admin_client.get("/admin/").content.decode()
    for title in ("Submissions", "Review queue", "Entities", "Documents", "Audit log"):
        assert title in page
    assert "Users" not in page and "Groups" not in page
    assert {p.split(".")[1] for p in curator.get_all_permissions()} == {
        "view_submission",
        "add_submission",
        "change_submission",
        "view_reviewedfact",
        "change_reviewedfact",
        "view_curatedentity",
        "add_curatedentity",
        "change_curatedentity",
        "merge_curatedentity",
        "view_auditentry",
        "view_sourcedocument",
        "delete_sourcedocument",
    }


def test_add_paper_validates_arxiv_and_survives_a_broker_outage(
    admin_client, broker_down, django_capture_on_commit_callbacks
):
    add = reverse("admin:ingest_submission_add")
    bad = admin_client.post(add, {"title": "x", "arxiv_id": "arxiv.org/abs/banana", "text": "GPT-3 is a model."})
    assert bad.status_code == 200 and "is not an arXiv id or URL" in bad.content.decode()
    form = {"title": "Nimbus", "arxiv_id": "https://arxiv.org/abs/2401.01234v2", "text": ARTICLE.decode()}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(add, form)
    assert response.status_code == 302
    submission = Submission.objects.get(title="Nimbus")
    assert submission.arxiv_id == "2401.01234v2" and submission.state == Submission.State.QUEUED
    assert submission.stage == "waiting for broker"  # stored first; the enqueue after commit failed


def test_add_paper_from_an_uploaded_file(admin_client, broker_down, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("nimbus.md", ARTICLE, content_type="text/markdown")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:ingest_submission_add"), {"title": "", "upload": upload})
    assert response.status_code == 302
    submission = Submission.objects.get(filename="nimbus.md")
    assert bytes(submission.content) == ARTICLE and submission.language == ""  # detected at ingest


def test_enqueue_with_the_broker_down_leaves_a_visible_note_and_requeue_sends_it(admin_client, broker_down, settings):
    from ingest.submissions import submission_enqueue

    submission = Submission.objects.create(content=ARTICLE, title="Nimbus")
    assert not submission_enqueue(submission_id=submission.pk)
    listing = admin_client.get(reverse("admin:ingest_submission_changelist")).content.decode()
    assert "waiting for broker" in listing and "ingest/submissions.js" in listing  # its cell updates in place
    broker_down()  # the broker is back
    changelist = reverse("admin:ingest_submission_changelist")
    admin_client.post(changelist, {"action": "requeue", "_selected_action": [submission.pk]})
    submission.refresh_from_db()
    assert submission.stage == "" and submission.state == Submission.State.QUEUED
    settings.INGEST_QUEUED_NOTICE_SECONDS = 0
    assert "no worker has picked this up yet" in admin_client.get(changelist).content.decode()


def test_a_done_submission_shows_its_report_and_links_to_its_review(admin_client, graph):
    submission = Submission.objects.create(content=ARTICLE, title="Nimbus")
    submission_ingest(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.state == Submission.State.DONE, submission.error_message
    page = admin_client.get(reverse("admin:ingest_submission_change", args=[submission.pk])).content.decode()
    assert "Entities" in page and "Relations" in page and "extractor" in page
    listing = admin_client.get(reverse("admin:ingest_submission_changelist")).content.decode()
    assert "done" in listing and f"document={submission.document_key}" in listing


def test_review_queue_filters_shows_context_and_accepts(admin_client, graph):
    text = "Intro words. InstructGPT fine_tunes GPT-3. GPT-3 developed_by OpenAI. Outro words."
    facts = [("instructgpt", "FINE_TUNES", "gpt-3"), ("gpt-3", "DEVELOPED_BY", "openai")]
    services.document_load(doc=document("doc-a", facts, confidence=0.5))
    services.document_load(doc=document("doc-b", facts[:1], text=text, confidence=0.6))
    queue = reverse("admin:curation_reviewedfact_changelist")
    page = admin_client.get(queue, {"document": "doc-b"}).content.decode()
    assert FT in page and DEV not in page
    assert re.search(r"Intro words\. </span><mark>Intro words\. InstructGPT", page) is None  # quote is the span
    assert "<mark>" in page and "Outro words." in page
    assert admin_client.get(queue, {"type": "developed-by"}).content.decode().count('class="fact"') == 1
    assert admin_client.get(queue, {"min_confidence": "0.55"}).content.decode().count('class="fact"') == 1
    confirmed(admin_client, queue + "?document=doc-b", {"op": "accepted", "keys": [FT]}, expect="Accept 1 fact?")
    assert selectors.fact_review(key=FT).status == "accepted"
    assert FT not in admin_client.get(queue).content.decode()  # the default view is what is still proposed
    assert AuditEntry.objects.get(target_key=FT).action == "fact_accept"


def test_bulk_accept_edit_and_revert_from_the_fact_page(admin_client, graph):
    services.document_load(doc=document("doc-a", [("instructgpt", "FINE_TUNES", "gpt-3")], confidence=0.85))
    services.document_load(doc=document("doc-b", [("gpt-3", "DEVELOPED_BY", "openai")], confidence=0.5))
    queue = reverse("admin:curation_reviewedfact_changelist")
    confirmed(admin_client, queue, {"op": "bulk", "threshold": "0.8"}, expect="Accept 1 fact?")
    assert (selectors.fact_review(key=FT).status, selectors.fact_review(key=DEV).status) == ("accepted", "proposed")
    fact_page = reverse("admin:curation_reviewedfact_change", kwargs={"key": FT})
    version = selectors.fact_review(key=FT).version
    edit = {"op": "edit", "version": version, "type": "derived-from", "subject": "instructgpt", "object": "gpt-3"}
    response = admin_client.post(fact_page, edit)
    new_key = "instructgpt|DERIVED_FROM|gpt-3"
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("admin:curation_reviewedfact_change", kwargs={"key": new_key})
    )
    assert selectors.fact_review(key=FT).status == "rejected"
    assert selectors.fact_review(key=new_key).curated
    page = admin_client.get(fact_page).content.decode()
    assert "edit fact (original rejected)" in page and "bulk accept" in page
    stale = admin_client.post(fact_page, {"op": "accepted", "version": version}, follow=True).content.decode()
    assert "changed since it was read" in stale
    edit_entry = AuditEntry.objects.get(target_key=FT, action="fact_edit")
    admin_client.post(reverse("admin:curation_auditentry_revert", args=[edit_entry.pk]))
    assert selectors.fact_review(key=FT).status == "accepted"  # back to the bulk-accepted state
    assert services.fact_state(key=new_key) is None  # and the correction went with it: one action
    assert AuditEntry.objects.filter(action="revert", reverts=edit_entry).exists()
    detail = admin_client.get(reverse("admin:curation_auditentry_change", args=[edit_entry.pk])).content.decode()
    assert "Already reverted." in detail, detail[detail.find('id="content"') :][:3000]
    assert "&quot;rejected&quot;" in detail


def test_entities_search_edit_and_one_click_merge_of_a_suggestion(admin_client, graph):
    doc = document("doc-a", [("instructgpt", "FINE_TUNES", "gpt-3")], extra_entities=("chatgpt",))
    report = {"merge_proposals": [{"key": "instructgpt", "other_key": "chatgpt", "score": 0.9, "reason": "similar"}]}
    services.document_load(doc=doc.__class__(**{**doc.__dict__, "properties": {"report": json.dumps(report)}}))
    search = reverse("admin:curation_curatedentity_changelist")
    page = admin_client.get(search, {"q": "GPT3"}).content.decode()
    assert "gpt-3" in page and 'data-pair="instructgpt chatgpt"' in page
    entity_page = reverse("admin:curation_curatedentity_change", kwargs={"key": "gpt-3"})
    admin_client.post(entity_page, {"name": "GPT-3 (davinci)", "aliases": "davinci\nGPT 3"})
    gpt3 = selectors.entity_get(key="gpt-3")
    assert gpt3.name == "GPT-3 (davinci)" and {"davinci", "GPT 3", "GPT-3"} <= set(gpt3.aliases)
    merge = reverse("admin:curation_curatedentity_merge")
    response = confirmed(admin_client, merge, {"survivor": "instructgpt", "other": "chatgpt"}, expect="Merge ChatGPT")
    assert response.status_code == 302
    assert selectors.entity_redirect(key="chatgpt") == "instructgpt"
    assert 'data-pair="instructgpt chatgpt"' not in admin_client.get(search).content.decode()
    gone = admin_client.get(reverse("admin:curation_curatedentity_change", kwargs={"key": "chatgpt"}))
    assert gone.status_code == 302 and gone["Location"].endswith(
        reverse("admin:curation_curatedentity_change", kwargs={"key": "instructgpt"})
    )
    history = admin_client.get(gone["Location"]).content.decode()
    assert "merge entities" in history
    assert admin_client.get("/models/chatgpt").status_code == 301


def test_bookmarks_to_the_old_admin_addresses_lead_to_the_curation_admin(admin_client):
    old = admin_client.get("/admin/ingest/reviewedfact/?status=proposed&type=FINE_TUNES")
    assert old.status_code == 301
    assert old["Location"] == "/admin/curation/reviewedfact/?status=proposed&type=FINE_TUNES"
    assert admin_client.get(old["Location"]).status_code == 200
    entity = admin_client.get("/admin/ingest/curatedentity/gpt-3/")
    assert (entity.status_code, entity["Location"]) == (301, "/admin/curation/curatedentity/gpt-3/")
    encoded = admin_client.get("/admin/ingest/reviewedfact/a%3Fb%7CUSES%7Cc/")
    assert encoded["Location"] == "/admin/curation/reviewedfact/a%3Fb%7CUSES%7Cc/"  # still one path segment
    # A form posted to the old address is not replayed at the new one.
    assert admin_client.post("/admin/ingest/reviewedfact/", {"op": "accept"}).status_code == 405

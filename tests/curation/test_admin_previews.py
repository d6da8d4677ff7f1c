"""The admin's previews and undo, over HTTP with Django's client against the real Neo4j: invalid
filters are an error, bulk decisions and merges say exactly what changes before anything does, a
merge is reverted from the audit log, "not a duplicate" is kept."""

import json
import re

import pytest
from django.urls import reverse

from curation import services as curation_services
from curation.admin import common
from curation.models import AuditEntry
from kg import selectors, services
from kg.errors import EntityNotFound
from tests.curation.test_admin import confirmed
from tests.curation.test_merge import MISTRAL, ORG, TYPO, ZEPH, _doc
from tests.curation.test_merge_undo import FACTS, TEXT
from tests.factories import document

FT = "instructgpt|FINE_TUNES|gpt-3"
DEV = "gpt-3|DEVELOPED_BY|openai"
USES = "llama|USES|rlhf"
QUEUE = "/admin/curation/reviewedfact/"


def _load() -> None:
    services.document_load(doc=document("doc-a", [("instructgpt", "FINE_TUNES", "gpt-3")], confidence=0.85))
    services.document_load(doc=document("doc-b", [("gpt-3", "DEVELOPED_BY", "openai")], confidence=0.82))
    services.document_load(doc=document("doc-c", [("llama", "USES", "rlhf")], confidence=0.5))


def _status(key: str) -> str | None:
    try:
        return selectors.fact_review(key=key).status
    except EntityNotFound:
        return None


def _planned(page: str) -> list[str]:
    return re.findall(r'<tr class="planned" data-key="([^"]+)"', page)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"min_confidence": "abc"}, "confidence from: Enter a number."),
        ({"max_confidence": "1.5"}, "confidence to: Ensure this value is less than or equal to 1"),
        ({"status": "bogus"}, "status: Select a valid choice. bogus is not one of the available choices."),
        ({"type": "nope"}, "type: Select a valid choice. nope is not one of the available choices."),
        ({"min_confidence": "0.9", "max_confidence": "0.1"}, "The lowest confidence is above the highest."),
        ({"p": "x"}, "page: Enter a whole number."),
    ],
)
def test_an_invalid_filter_is_an_error_on_the_page_not_a_wider_queue(admin_client, graph, query, message):
    _load()
    response = admin_client.get(QUEUE, query)
    page = response.content.decode()
    assert response.status_code == 400 and 'id="filter-errors"' in page
    assert message in page, page[page.find('id="content"') :][:2000]
    assert 'class="fact"' not in page and 'name="threshold"' not in page  # nothing listed, no bulk action
    # A bulk action posted with it changes nothing.
    posted = admin_client.post(
        QUEUE + "?" + "&".join(f"{k}={v}" for k, v in query.items()), {"op": "bulk", "threshold": "0"}
    )
    assert posted.status_code == 302
    assert "The filters are invalid; nothing was changed." in admin_client.get(posted["Location"]).content.decode()
    assert (_status(FT), _status(DEV), _status(USES)) == ("proposed", "proposed", "proposed")


def test_bulk_accept_shows_exactly_what_it_changes_then_does_that_and_reverts_as_one(admin_client, graph):
    _load()
    preview = admin_client.post(QUEUE + "?type=fine-tunes", {"op": "bulk", "threshold": "0.8"}).content.decode()
    assert "Accept 1 fact?" in preview and _planned(preview) == [FT]  # the filters narrow the bulk action
    preview = admin_client.post(QUEUE, {"op": "bulk", "threshold": "0.8"}).content.decode()
    assert "Accept 2 facts?" in preview and _planned(preview) == [FT, DEV]
    assert f'<a class="button" href="{QUEUE}">Cancel</a>' in preview
    assert (_status(FT), _status(DEV)) == ("proposed", "proposed")  # the preview changed nothing
    done = confirmed(admin_client, QUEUE, {"op": "bulk", "threshold": "0.8"}, expect="Accept 2 facts?")
    assert done.status_code == 302 and "2 fact(s) accepted." in admin_client.get(done["Location"]).content.decode()
    assert (_status(FT), _status(DEV), _status(USES)) == ("accepted", "accepted", "proposed")
    entries = AuditEntry.objects.filter(action="fact_accept")
    assert entries.count() == 2 and len({e.group for e in entries}) == 1
    fact_page = admin_client.get(reverse("admin:curation_reviewedfact_change", kwargs={"key": FT})).content.decode()
    assert "Revert (all 2 of this action)" in fact_page
    admin_client.post(reverse("admin:curation_auditentry_revert", args=[entries[0].pk]))
    assert (_status(FT), _status(DEV)) == ("proposed", "proposed")
    assert (
        "reverted"
        in admin_client.get(reverse("admin:curation_reviewedfact_change", kwargs={"key": DEV})).content.decode()
    )


def test_a_selection_is_previewed_and_a_stale_preview_is_shown_again(admin_client, graph):
    _load()
    preview = admin_client.post(QUEUE, {"op": "rejected", "keys": [USES, DEV]}).content.decode()
    assert "Reject 2 facts?" in preview and _planned(preview) == [DEV, USES]
    plan = re.search(r'name="plan" value="([^"]+)"', preview).group(1)
    services.fact_decide(key=DEV, decision="accepted")  # someone else decides meanwhile
    again = admin_client.post(QUEUE, {"op": "rejected", "keys": [USES, DEV], "confirm": "yes", "plan": plan})
    page = again.content.decode()
    assert again.status_code == 200 and "The facts changed since the preview" in page
    assert "Reject 2 facts?" in page and re.search(r'name="plan" value="([^"]+)"', page).group(1) != plan
    assert (_status(DEV), _status(USES)) == ("accepted", "proposed")
    nothing = admin_client.post(QUEUE, {"op": "accepted"}, follow=True).content.decode()
    assert "Select at least one fact." in nothing


def test_a_long_preview_lists_the_first_rows_and_counts_the_rest(admin_client, graph, monkeypatch):
    _load()
    monkeypatch.setattr(common, "PREVIEW_ROWS", 1)
    preview = admin_client.post(QUEUE, {"op": "bulk", "threshold": "0.1"}).content.decode()
    assert "Accept 3 facts?" in preview and _planned(preview) == [FT]
    assert "… and 2 more facts, not listed here." in preview


def test_a_merge_is_previewed_confirmed_and_reverted_from_the_audit_log(admin_client, graph):
    services.document_load(doc=_doc("doc-a", [ZEPH, TYPO, MISTRAL, ORG], FACTS, TEXT))
    merge = reverse("admin:curation_curatedentity_merge")
    form = {"survivor": "zephyr-7b", "other": "zephry-7b"}
    preview = admin_client.post(merge, form).content.decode()
    assert "Merge Zephry-7B into Zephyr-7B?" in preview
    for part, key in [
        ("plan-rekeyed", "zephyr-7b|DEVELOPED_BY|mistral-ai"),
        ("plan-folded", "zephyr-7b|FINE_TUNES|mistral-7b"),
        ("plan-dropped", "zephry-7b|DERIVED_FROM|zephyr-7b"),
        ("plan-redirects", "zephry-7b"),
    ]:
        row = re.search(rf'<tr id="{part}">(.*?)</tr>', preview, re.S).group(1)
        assert key in row, (part, row)
    assert '<span class="alias">Zephry-7B</span>' in preview
    assert selectors.entity_get(key="zephry-7b").name == "Zephry-7B"  # the preview changed nothing
    done = confirmed(admin_client, merge, form, expect="Merge Zephry-7B into Zephyr-7B?")
    assert done.status_code == 302 and admin_client.get("/models/zephry-7b").status_code == 301
    entry = AuditEntry.objects.get(action="entity_merge")
    detail = admin_client.get(reverse("admin:curation_auditentry_change", args=[entry.pk])).content.decode()
    assert "Reverting the merge brings the other entity back" in detail
    reverted = admin_client.post(reverse("admin:curation_auditentry_revert", args=[entry.pk]), follow=True)
    assert "Reverted merge entities zephyr-7b." in reverted.content.decode()
    assert admin_client.get("/models/zephry-7b").status_code == 200
    assert selectors.entity_redirect(key="zephry-7b") is None
    assert (
        "Already reverted."
        in admin_client.get(reverse("admin:curation_auditentry_change", args=[entry.pk])).content.decode()
    )
    history = admin_client.get(reverse("admin:curation_curatedentity_change", kwargs={"key": "zephry-7b"}))
    assert "merge entities" in history.content.decode() and "reverted" in history.content.decode()


def test_a_merge_refused_at_preview_says_why_and_changes_nothing(admin_client, graph):
    services.document_load(doc=_doc("doc-a", [ZEPH, TYPO, MISTRAL, ORG], FACTS, TEXT))
    merge = reverse("admin:curation_curatedentity_merge")
    refused = admin_client.post(merge, {"survivor": "zephyr-7b", "other": "mistral-ai"}, follow=True)
    assert "Cannot merge a Organization into a Model." in refused.content.decode()
    assert selectors.entity_get(key="mistral-ai").label == "Organization"


def _with_report(key: str, facts: list, proposals: list[tuple[str, str]], text: str | None = None):
    doc = document(key, facts, extra_entities=("chatgpt",), text=text)
    report = {"merge_proposals": [{"key": a, "other_key": b, "score": 0.9, "reason": "similar"} for a, b in proposals]}
    return doc.__class__(**{**doc.__dict__, "properties": {"report": json.dumps(report)}})


def _suggested(client) -> set[frozenset[str]]:
    page = client.get(reverse("admin:curation_curatedentity_changelist")).content.decode()
    return {frozenset(pair.split()) for pair in re.findall(r'data-pair="([^"]+)"', page)}


def test_not_a_duplicate_is_kept_across_reingest_and_can_be_reverted(admin_client, graph):
    facts = [("instructgpt", "FINE_TUNES", "gpt-3")]
    services.document_load(doc=_with_report("doc-a", facts, [("instructgpt", "chatgpt")]))
    pair = frozenset(("instructgpt", "chatgpt"))
    assert _suggested(admin_client) == {pair}
    dismissed = admin_client.post(
        reverse("admin:curation_curatedentity_dismiss"), {"key": "instructgpt", "other_key": "chatgpt"}, follow=True
    )
    assert "will not be suggested again" in dismissed.content.decode() and _suggested(admin_client) == set()
    # The document again, revised: its report proposes the pair again (the other way round): still dismissed.
    services.document_load(doc=_with_report("doc-a", facts, [("chatgpt", "instructgpt")], text="InstructGPT, ChatGPT."))
    assert selectors.merge_suggestions() and _suggested(admin_client) == set()
    entry = AuditEntry.objects.get(action="merge_dismiss")
    admin_client.post(reverse("admin:curation_auditentry_revert", args=[entry.pk]))
    assert _suggested(admin_client) == {pair}


def test_a_name_is_never_suggested_as_a_duplicate_of_a_longer_name_built_on_it(admin_client, graph):
    """Reports stored before the pipeline knew better still pair them; the list leaves such pairs out."""
    services.entity_create(label="Model", name="Quorbit", key="quorbit")
    services.entity_create(label="Model", name="Q-Quorbit", key="q-quorbit")
    proposals = [("quorbit", "q-quorbit"), ("instructgpt", "chatgpt")]
    services.document_load(doc=_with_report("doc-a", [("instructgpt", "FINE_TUNES", "gpt-3")], proposals))
    assert _suggested(admin_client) == {frozenset(("instructgpt", "chatgpt"))}


def test_a_merge_is_reverted_only_with_the_merge_permission_whatever_page_asks(client, graph, curator):
    from django.contrib.auth.models import Permission

    services.document_load(doc=_doc("doc-a", [ZEPH, TYPO, MISTRAL, ORG], FACTS, TEXT))
    curation_services.entity_merge(user=curator, survivor="zephyr-7b", other="zephry-7b")
    entry = AuditEntry.objects.get(action="entity_merge")
    reviewer = type(curator).objects.create_user("reviewer", password="review-only-42", is_staff=True)
    reviewer.user_permissions.set(Permission.objects.filter(codename__in=["view_reviewedfact", "change_reviewedfact"]))
    assert client.login(username="reviewer", password="review-only-42")
    fact_page = reverse("admin:curation_reviewedfact_change", kwargs={"key": "zephyr-7b|DEVELOPED_BY|mistral-ai"})
    assert client.post(fact_page, {"op": "revert", "entry": entry.pk}).status_code == 403
    assert client.post(reverse("admin:curation_auditentry_revert", args=[entry.pk])).status_code == 403
    assert selectors.entity_redirect(key="zephry-7b") is not None  # still merged

"""A queue people can work in, over HTTP with Django's client against the real Neo4j: sorting,
actions at the top and per row, key fields that take aliases and merged keys, the history's diff."""

import re

import pytest

from curation.models import AuditEntry
from kg import selectors, services
from tests.factories import document

QUEUE = "/admin/curation/reviewedfact/"
AUTOCOMPLETE = "/admin/curation/curatedentity/autocomplete/"
FT = "instructgpt|FINE_TUNES|gpt-3"
DEV = "gpt-3|DEVELOPED_BY|openai"
USES = "llama|USES|rlhf"


def _load() -> None:
    """Three facts, loaded oldest first: USES (0.5), FT (0.85), DEV (0.82)."""
    services.document_load(doc=document("doc-c", [("llama", "USES", "rlhf")], confidence=0.5))
    services.document_load(doc=document("doc-a", [("instructgpt", "FINE_TUNES", "gpt-3")], confidence=0.85))
    services.document_load(doc=document("doc-b", [("gpt-3", "DEVELOPED_BY", "openai")], confidence=0.82))


def _listed(page: str) -> list[str]:
    return re.findall(r'<tr class="fact" data-key="([^"]+)"', page)


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("", [FT, DEV, USES]),
        ("-confidence", [FT, DEV, USES]),
        ("confidence", [USES, DEV, FT]),
        ("date", [USES, FT, DEV]),
        ("-date", [DEV, FT, USES]),
    ],
)
def test_the_queue_sorts_by_confidence_both_ways_and_by_date(admin_client, graph, order, expected):
    _load()
    response = admin_client.get(QUEUE, {"order": order} if order else {})
    assert response.status_code == 200
    assert _listed(response.content.decode()) == expected


def test_the_confidence_header_flips_the_order_and_a_bad_order_is_an_error(admin_client, graph):
    _load()
    page = admin_client.get(QUEUE, {"type": "uses"}).content.decode()
    link = re.search(r'href="\?([^"]*)" id="sort-confidence"', page).group(1).replace("&amp;", "&")
    assert link == "type=uses&order=confidence"
    flipped = admin_client.get(QUEUE + "?" + link).content.decode()
    assert 'href="?type=uses&amp;order=-confidence" id="sort-confidence"' in flipped
    bad = admin_client.get(QUEUE, {"order": "sideways"})
    assert bad.status_code == 400
    assert "order: Select a valid choice. sideways is not one of the available choices." in bad.content.decode()


def test_bulk_actions_are_above_and_below_the_list_and_each_row_has_its_own(admin_client, graph):
    _load()
    page = admin_client.get(QUEUE).content.decode()
    top, table, bottom = page.find('id="actions-top"'), page.find('id="result_list"'), page.find('id="actions-bottom"')
    assert -1 < top < table < bottom
    assert 'id="select-all"' in page and "curation/queue.js" in page
    assert page.count('class="button row-accept"') == 3 and page.count('class="button row-reject"') == 3
    # The top buttons post the same selection to the same preview.
    preview = admin_client.post(QUEUE, {"op": "rejected", "keys": [FT, USES]}).content.decode()
    assert sorted(re.findall(r'<tr class="planned" data-key="([^"]+)"', preview)) == sorted([FT, USES])


def _row_form(page: str, key: str) -> tuple[str, dict]:
    """The per-row decision form of `key`: its action and its fields."""
    number = _listed(page).index(key) + 1
    form = re.search(rf'<form id="decide-{number}" method="post" action="([^"]+)">(.*?)</form>', page, re.S)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2)))
    return form.group(1), fields


def test_a_row_is_accepted_or_rejected_at_once_with_its_version_checked(admin_client, graph):
    _load()
    page = admin_client.get(QUEUE + "?order=confidence").content.decode()
    action, fields = _row_form(page, USES)
    assert fields["next"] == "/admin/curation/reviewedfact/?order=confidence"
    done = admin_client.post(action, {**fields, "op": "rejected"})
    assert done.status_code == 302 and done["Location"] == fields["next"]
    assert selectors.fact_review(key=USES).status == "rejected"
    assert AuditEntry.objects.filter(target_key=USES, action="fact_reject").count() == 1
    # The same row's form, posted again with the version the page showed, is refused: it changed since.
    again = admin_client.post(action, {**fields, "op": "accepted"}, follow=True)
    assert selectors.fact_review(key=USES).status == "rejected"
    assert "The fact changed since it was read; reload and try again." in again.content.decode()


def test_autocomplete_lists_name_label_and_key_and_resolves_aliases_and_merged_keys(admin_client, graph):
    _load()
    hits = admin_client.get(AUTOCOMPLETE, {"term": "GPT"}).json()["results"]
    assert {"key": "gpt-3", "name": "GPT-3", "label": "Model"} in [
        {k: h[k] for k in ("key", "name", "label")} for h in hits
    ]
    alias = admin_client.get(AUTOCOMPLETE, {"term": "GPT3"}).json()["results"]
    assert alias[0]["key"] == "gpt-3" and alias[0]["via"] in ("alias", "name")
    services.entity_merge(survivor="gpt-3", other="instructgpt")
    merged = admin_client.get(AUTOCOMPLETE, {"term": "instructgpt"}).json()["results"]
    assert merged[0] == {
        "key": "gpt-3",
        "name": "GPT-3",
        "label": "Model",
        "via": "redirect",
        "text": "GPT-3 · Model · gpt-3 (merged)",
    }
    assert admin_client.get(AUTOCOMPLETE, {"term": ""}).json() == {"results": []}
    assert admin_client.get(AUTOCOMPLETE, {"term": "zzzz-nothing"}).json() == {"results": []}


def test_the_key_fields_carry_the_autocomplete(admin_client, graph):
    _load()
    for url in (QUEUE, QUEUE + "new/", "/admin/curation/curatedentity/", "/admin/curation/curatedentity/gpt-3/"):
        page = admin_client.get(url).content.decode()
        assert f'data-autocomplete="{AUTOCOMPLETE}"' in page, url
        assert "kg_admin/autocomplete.js" in page, url
    fact = admin_client.get(QUEUE + FT + "/").content.decode()
    assert fact.count(f'data-autocomplete="{AUTOCOMPLETE}"') == 2


def test_a_key_typed_by_hand_may_be_an_alias_or_a_merged_key(admin_client, graph):
    _load()
    services.entity_merge(survivor="gpt-3", other="instructgpt")
    response = admin_client.post(QUEUE + "new/", {"subject": "Alpaca-less", "type": "uses", "object": "RLHF"})
    assert "No entity has the key, alias or name “Alpaca-less”." in response.content.decode()
    created = admin_client.post(
        QUEUE + "new/", {"subject": "instructgpt", "type": "uses", "object": "人类反馈强化学习"}
    )
    assert created.status_code == 302 and created["Location"].endswith("/gpt-3%7CUSES%7Crlhf/")
    assert selectors.fact_review(key="gpt-3|USES|rlhf").status == "accepted"
    # The queue's entity filter takes an alias too.
    listed = _listed(admin_client.get(QUEUE, {"entity": "GPT3", "status": ""}).content.decode())
    assert DEV in listed and "gpt-3|USES|rlhf" in listed and USES not in listed


def test_the_history_shows_an_entry_field_by_field_with_the_changed_ones_marked(admin_client, graph):
    _load()
    page = admin_client.get(QUEUE).content.decode()
    action, fields = _row_form(page, FT)
    admin_client.post(action, {**fields, "op": "accepted"})
    entry = AuditEntry.objects.get(target_key=FT)
    detail = admin_client.get(f"/admin/curation/auditentry/{entry.pk}/change/").content.decode()
    diff = _table(detail, f'id="diff-{entry.pk}"')
    changed = re.findall(r'<tr class="changed"><th scope="row">([^<]+)</th>', diff)
    same = re.findall(r'<tr class="same"><th scope="row">([^<]+)</th>', diff)
    assert "status" in changed and "decision" in changed
    assert "subject" in same and "object" in same and "type" in same
    assert "<mark>proposed</mark>" in diff and "<mark>accepted</mark>" in diff
    # The fact page's history shows the same table, folded under its entry.
    fact_page = admin_client.get(QUEUE + FT + "/").content.decode()
    assert _table(fact_page, f'id="diff-{entry.pk}"') == diff


def _table(page: str, marker: str) -> str:
    start = page.find(marker)
    assert start > -1, marker
    return page[start : page.find("</table>", start)]


def test_public_pages_are_the_same_for_everyone_and_the_curator_links_answer_is_never_cached(
    admin_client, client, graph
):
    _load()
    from django.test import Client

    anonymous = Client()
    page = anonymous.get("/models/gpt-3").content.decode()
    assert f'data-fact="{DEV}"' in page and "webui/curator.js" in page and "review-link" not in page
    signed_in = admin_client.get("/models/gpt-3").content.decode()
    assert "review-link" not in signed_in and "/admin/curation/reviewedfact/" not in signed_in
    for who, expected in (
        (anonymous, {"curator": False}),
        (admin_client, {"curator": True, "fact_url": "/admin/curation/reviewedfact/{key}/"}),
    ):
        answer = who.get("/curator-links")
        assert answer.json() == expected
        assert "no-store" in answer["Cache-Control"] and "private" in answer["Cache-Control"]
        assert "Cookie" in answer["Vary"]


def test_a_merge_takes_an_alias_for_either_side_and_names_an_unknown_one(admin_client, graph):
    _load()
    back = "/admin/curation/curatedentity/"
    unknown = admin_client.post(back + "merge/", {"survivor": "GPT3", "other": "Nobody-9"}, follow=True)
    shown = unknown.content.decode()
    assert "Merge away (key): No entity has the key, alias or name “Nobody-9”." in shown, shown[
        shown.find("messagelist") :
    ][:600]
    preview = admin_client.post(back + "merge/", {"survivor": "GPT3", "other": "InstructGPT"})
    page = preview.content.decode()
    assert preview.status_code == 200 and 'name="survivor" value="gpt-3"' in page
    assert 'name="other" value="instructgpt"' in page


def test_the_revision_field_suggests_documents_by_key_and_title(admin_client, graph):
    _load()
    form = admin_client.get("/admin/ingest/submission/add/").content.decode()
    assert 'data-autocomplete="/admin/ingest/submission/documents/"' in form and "kg_admin/autocomplete.js" in form
    by_key = admin_client.get("/admin/ingest/submission/documents/", {"term": "doc-b"}).json()["results"]
    assert by_key[0]["key"] == "doc-b"
    by_title = admin_client.get("/admin/ingest/submission/documents/", {"term": "title of"}).json()["results"]
    assert {r["key"] for r in by_title} >= {"doc-a", "doc-b", "doc-c"}
    assert admin_client.get("/admin/ingest/submission/documents/", {"term": "nothing-like-it"}).json() == {
        "results": []
    }

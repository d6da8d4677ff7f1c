"""Evidence that lands on a fact a curator already decided is flagged in the review queue (a filter
and a badge, the fact's page and the API) until a curator decides it again; never silently."""

from kg import selectors, services
from tests.factories import document

FT = "instructgpt|FINE_TUNES|gpt-3"
DEV = "gpt-3|DEVELOPED_BY|openai"
FACTS = [("instructgpt", "FINE_TUNES", "gpt-3"), ("gpt-3", "DEVELOPED_BY", "openai")]
QUEUE = "/admin/curation/reviewedfact/"


def _decided_then_stated_again(api) -> None:
    services.document_load(doc=document("doc-a", FACTS, confidence=0.5))
    assert api.post(f"/api/v1/facts/{FT}/accept").status_code == 200
    assert api.post(f"/api/v1/facts/{DEV}/reject").status_code == 200
    services.document_load(doc=document("doc-b", FACTS[:1], confidence=0.5, text="InstructGPT is tuned from GPT-3."))


def test_a_new_document_stating_a_decided_fact_flags_it(graph, api):
    _decided_then_stated_again(api)
    assert api.get(f"/api/v1/facts/{FT}").json()["new_evidence"] == ["doc-b"]
    assert api.get(f"/api/v1/facts/{DEV}").json()["new_evidence"] == []  # doc-b does not state it
    # A re-ingest of the document it came from brings nothing new; a document stating it anew does.
    services.document_load(doc=document("doc-a", FACTS, confidence=0.6))
    assert selectors.fact_review(key=FT).new_evidence == ("doc-b",)
    assert selectors.fact_review(key=DEV).new_evidence == ()
    services.document_load(doc=document("doc-c", FACTS[1:], confidence=0.5))
    assert selectors.fact_review(key=DEV).new_evidence == ("doc-c",)
    # Deciding it again is the curator's look at it: the flag goes, the decision stays as chosen.
    assert api.post(f"/api/v1/facts/{FT}/accept").json()["fact"]["new_evidence"] == []
    assert selectors.fact_review(key=FT).status == "accepted"


def test_the_queue_filters_and_badges_facts_with_new_evidence(graph, api, admin_client):
    _decided_then_stated_again(api)
    default = admin_client.get(QUEUE).content.decode()
    assert "new evidence since decided</span>" not in default  # the default queue is proposed facts
    flagged = admin_client.get(QUEUE, {"new_evidence": "true"})
    page = flagged.content.decode()
    assert flagged.status_code == 200 and f'data-key="{FT}"' in page and f'data-key="{DEV}"' not in page
    assert 'class="badge new-evidence" title="doc-b"' in page
    fact_page = admin_client.get(f"{QUEUE}{FT}/").content.decode()
    assert 'id="new-evidence"' in fact_page and "<code>doc-b</code>" in fact_page
    version = selectors.fact_review(key=FT).version
    admin_client.post(f"{QUEUE}{FT}/", {"op": "accepted", "version": version})
    assert f'data-key="{FT}"' not in admin_client.get(QUEUE, {"new_evidence": "true"}).content.decode()
    assert 'id="new-evidence"' not in admin_client.get(f"{QUEUE}{FT}/").content.decode()


def test_an_unknown_new_evidence_filter_is_an_error(graph, admin_client):
    response = admin_client.get(QUEUE, {"new_evidence": "maybe"})
    assert response.status_code == 400 and 'id="filter-errors"' in response.content.decode()

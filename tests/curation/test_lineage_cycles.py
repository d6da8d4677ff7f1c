"""No model is its own ancestor: a curator's lineage fact that would close a cycle is refused (409),
through the API and the admin alike (the rule sits in the service layer)."""

import pytest

from curation.models import AuditEntry
from kg import selectors, services
from kg.errors import Conflict
from tests.factories import document

# chatgpt -> instructgpt -> gpt-3 (fine-tunes); and a low-confidence (proposed) fact, alpaca -> llama.
DOC = document(
    "doc-a",
    [
        ("instructgpt", "FINE_TUNES", "gpt-3"),
        ("chatgpt", "FINE_TUNES", "instructgpt"),
        ("gpt-3", "DEVELOPED_BY", "openai"),
    ],
)
PROPOSED = document("doc-p", [("alpaca", "DERIVED_FROM", "llama")], confidence=0.4)


def _load() -> None:
    services.document_load(doc=DOC)
    services.document_load(doc=PROPOSED)


def _refused(response, *cycle: str) -> None:
    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["code"] == "conflict" and "own ancestor" in error["message"]
    assert error["detail"]["cycle"] == list(cycle)


def test_creating_a_fact_that_closes_a_cycle_is_409(graph, api):
    _load()
    _refused(
        api.post("/api/v1/facts", {"subject": "gpt-3", "type": "derived-from", "object": "chatgpt"}, format="json"),
        "chatgpt|FINE_TUNES|instructgpt",
        "instructgpt|FINE_TUNES|gpt-3",
    )
    # Every lineage type counts.
    _refused(
        api.post(
            "/api/v1/facts", {"subject": "gpt-3", "type": "distilled-from", "object": "instructgpt"}, format="json"
        ),
        "instructgpt|FINE_TUNES|gpt-3",
    )
    # A proposed fact is a claim in the graph: closing a cycle with it is refused too.
    _refused(
        api.post("/api/v1/facts", {"subject": "llama", "type": "fine-tunes", "object": "alpaca"}, format="json"),
        "alpaca|DERIVED_FROM|llama",
    )
    assert not AuditEntry.objects.exists()
    assert api.get("/api/v1/facts/gpt-3%7CDERIVED_FROM%7Cchatgpt").status_code == 404
    # A lineage fact that closes nothing is fine (a shortcut down the same line is no cycle).
    ok = api.post("/api/v1/facts", {"subject": "chatgpt", "type": "derived-from", "object": "gpt-3"}, format="json")
    assert ok.status_code == 201, ok.content


def test_an_edit_that_closes_a_cycle_is_409_but_a_reversal_is_not_one(graph, api):
    """An edit's new fact is checked like a created one, without the fact it replaces (reversing
    instructgpt -> gpt-3 only looks like a cycle with its own original)."""
    _load()
    _refused(
        api.post(
            "/api/v1/facts/chatgpt%7CFINE_TUNES%7Cinstructgpt/edit",
            {"subject": "gpt-3", "object": "instructgpt"},
            format="json",
        ),
        "instructgpt|FINE_TUNES|gpt-3",
    )
    assert selectors.fact_review(key="chatgpt|FINE_TUNES|instructgpt").status == "accepted"
    reversed_ = api.post("/api/v1/facts/instructgpt%7CFINE_TUNES%7Cgpt-3/edit", {"reverse": True}, format="json")
    assert reversed_.status_code == 201, reversed_.content


def test_accepting_a_proposed_fact_that_closes_a_cycle_is_409(graph, api):
    _load()
    services.document_load(doc=document("doc-q", [("gpt-3", "FINE_TUNES", "chatgpt")], confidence=0.4))
    _refused(
        api.post("/api/v1/facts/gpt-3%7CFINE_TUNES%7Cchatgpt/accept"),
        "chatgpt|FINE_TUNES|instructgpt",
        "instructgpt|FINE_TUNES|gpt-3",
    )
    assert selectors.fact_review(key="gpt-3|FINE_TUNES|chatgpt").decision is None
    # Rejecting it is always possible.
    assert api.post("/api/v1/facts/gpt-3%7CFINE_TUNES%7Cchatgpt/reject").status_code == 200


def test_rejected_facts_accepted_together_cannot_close_a_cycle_between_them(graph):
    """Each was checked against the graph before any of the batch was written, where rejected facts
    have no edge: accepting a -> b and b -> a in one decision made a cycle (review of issue 16)."""
    services.document_load(doc=document("doc-r", [("alpaca", "FINE_TUNES", "vicuna")], confidence=0.4))
    services.document_load(doc=document("doc-s", [("vicuna", "FINE_TUNES", "alpaca")], confidence=0.4))
    keys = ["alpaca|FINE_TUNES|vicuna", "vicuna|FINE_TUNES|alpaca"]
    services.facts_decide(keys=keys, decision="rejected")
    with pytest.raises(Conflict):
        services.facts_decide(keys=keys, decision="accepted")
    assert [selectors.fact_review(key=key).decision for key in keys] == ["rejected", "rejected"]


def test_the_admin_refuses_the_same_cycle(graph, admin_client):
    _load()
    form = {"subject": "gpt-3", "type": "derived-from", "object": "chatgpt", "url": "https://example.org/x"}
    page = admin_client.post("/admin/curation/reviewedfact/new/", form, follow=True).content.decode()
    assert "own ancestor" in page and "Fact added." not in page
    assert not AuditEntry.objects.exists()

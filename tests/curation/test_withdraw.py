"""Withdrawing a document against the real Neo4j: exactly the facts only it supported go, decided
facts stay with a note, the preview is the deletion rolled back, the audit log keeps the lists."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from curation import services as curation
from curation.models import AuditEntry
from kg import selectors, services
from kg.errors import Conflict, EntityNotFound
from tests.factories import document

SHARED = ("gpt-3", "DEVELOPED_BY", "openai")  # both documents state it
ONLY_B = ("alpaca", "FINE_TUNES", "llama")  # only doc-b: goes
ACCEPTED_B = ("vicuna", "FINE_TUNES", "llama")  # only doc-b, but accepted: stays with a note
REJECTED_B = ("gopher", "USES", "rmsnorm")  # only doc-b, rejected: the decision stays
CURATED = ("llama", "USES", "rlhf")  # a curator's own fact about an entity doc-b brought


def _key(fact: tuple[str, str, str]) -> str:
    return "|".join(fact)


def _review(fact: tuple[str, str, str]):
    page = selectors.facts_review(filters={"keys": [_key(fact)]})
    return page.facts[0] if page.facts else None


@pytest.fixture
def two_documents(graph, db):
    with override_settings(INGEST_AUTO_ACCEPT_CONFIDENCE=0.9):
        services.document_load(doc=document("doc-a", [SHARED, ("instructgpt", "FINE_TUNES", "gpt-3")]))
        services.document_load(doc=document("doc-b", [SHARED, ONLY_B, ACCEPTED_B, REJECTED_B], confidence=0.6))
        services.fact_decide(key=_key(ACCEPTED_B), decision="accepted")
        services.fact_decide(key=_key(REJECTED_B), decision="rejected")
        services.entity_create(label="Technique", name="RLHF")
        services.fact_create(subject="llama", type="uses", object="rlhf")
        yield


def test_the_preview_lists_what_goes_and_what_stays_and_changes_nothing(two_documents):
    version = selectors.graph_state().version
    removal = services.document_delete_preview(key="doc-b")
    assert [f.key for f in removal.removed_facts] == [_key(ONLY_B)]
    assert {f.key: f.decision for f in removal.kept_facts} == {
        _key(ACCEPTED_B): "accepted",
        _key(REJECTED_B): "rejected",
    }
    assert removal.other_facts == 1  # SHARED: doc-a states it too
    assert removal.removed_entities == ("alpaca", "gopher", "rmsnorm")  # vicuna stays with its accepted fact
    assert removal.claims == 4
    # A rehearsal: the document, its facts and the graph's version are as they were.
    assert selectors.graph_state().version == version
    assert selectors.document_get(key="doc-b").key == "doc-b"
    assert _review(ONLY_B) is not None and _review(ACCEPTED_B).withdrawn_sources == ()


def test_withdrawing_removes_exactly_the_facts_only_it_supported_and_logs_it(two_documents):
    preview = services.document_delete_preview(key="doc-b")
    entry = curation.document_withdraw(user=None, key="doc-b")
    assert entry.action == AuditEntry.Action.DOCUMENT_WITHDRAW and entry.target_kind == "document"
    assert entry.before == preview.to_dict()  # the preview listed exactly what happened
    assert set(entry.related_keys) == {_key(ACCEPTED_B), _key(REJECTED_B)}
    assert _review(ONLY_B) is None
    accepted, rejected = _review(ACCEPTED_B), _review(REJECTED_B)
    assert (accepted.status, accepted.evidence, accepted.withdrawn_sources) == ("accepted", (), ("doc-b",))
    # A rejection is kept for a later document stating it again, though its entities went (nothing else
    # keeps them alive), so the queue no longer lists it.
    assert rejected is None and services.fact_state(key=_key(REJECTED_B))["decision"] == "rejected"
    shared = _review(SHARED)
    assert [e.document_key for e in shared.evidence] == ["doc-a"] and shared.withdrawn_sources == ()
    assert _review(CURATED).status == "accepted"
    with pytest.raises(EntityNotFound):
        selectors.document_get(key="doc-b")
    assert {e.pk for e in curation.audit_history(key=_key(ACCEPTED_B))} >= {entry.pk}
    with pytest.raises(Conflict, match="cannot be put back by a revert"):
        curation.audit_revert(user=None, entry_id=entry.pk)


def test_a_document_ingested_again_no_longer_counts_as_withdrawn(two_documents):
    curation.document_withdraw(user=None, key="doc-b")
    services.document_load(doc=document("doc-b", [ACCEPTED_B]))
    assert _review(ACCEPTED_B).withdrawn_sources == ()


def test_a_withdrawal_of_the_document_as_read_is_refused_after_a_revision(two_documents):
    read = selectors.document_get(key="doc-b").sha256
    services.document_load(doc=document("doc-b", [ONLY_B]))  # revised since it was read
    with pytest.raises(Conflict, match="changed since it was read"):
        curation.document_withdraw(user=None, key="doc-b", expected_sha256=read)
    assert selectors.document_get(key="doc-b") and not AuditEntry.objects.exists()
    current = selectors.document_get(key="doc-b").sha256
    assert curation.document_withdraw(user=None, key="doc-b", expected_sha256=current)


def test_withdrawing_a_missing_document_is_not_found_and_logs_nothing(graph, db):
    with pytest.raises(EntityNotFound, match="No document with key 'nope'"):
        curation.document_withdraw(user=None, key="nope")
    with pytest.raises(EntityNotFound):
        services.document_delete_preview(key="nope")
    assert not AuditEntry.objects.exists()


def test_the_command_lists_with_dry_run_then_withdraws(two_documents, django_user_model):
    django_user_model.objects.create_user(username="ops", password="not-used-here-9")
    out = io.StringIO()
    call_command("document_delete", "doc-b", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would withdraw document doc-b" in text and "Nothing was changed" in text
    assert "alpaca -FINE_TUNES-> llama" in text and "vicuna -FINE_TUNES-> llama  [accepted]" in text
    assert selectors.document_get(key="doc-b") and not AuditEntry.objects.exists()
    out = io.StringIO()
    call_command("document_delete", "doc-b", "--user", "ops", stdout=out)
    assert "Withdrew document doc-b" in out.getvalue()
    entry = AuditEntry.objects.get()
    assert entry.user.username == "ops" and entry.target_key == "doc-b"
    with pytest.raises(CommandError, match="No document with key 'doc-b'"):
        call_command("document_delete", "doc-b", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("document_delete", "doc-a", "--user", "nobody", stdout=io.StringIO())

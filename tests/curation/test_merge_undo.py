"""Merges previewed and undone in the real Neo4j: the preview writes nothing and says what the merge
does; a reverted merge leaves the graph exactly as it was; an undo on a graph that moved on is refused."""

import re

import pytest

from curation import services as curation
from curation.models import AuditEntry
from kg import repository, selectors, services
from kg.documents import AttributeIn
from kg.errors import Conflict
from tests.curation.test_merge import MISTRAL, ORG, TYPO, ZEPH, _doc
from tests.factories import claim

TEXT = "Zephyr-7B fine-tunes Mistral 7B. Zephry-7B is developed by Mistral AI. Zephry-7B has 7B parameters."
FACTS = [
    ("zephyr-7b", "FINE_TUNES", "mistral-7b"),
    ("zephry-7b", "DEVELOPED_BY", "mistral-ai"),  # re-keyed onto the survivor
    ("zephry-7b", "FINE_TUNES", "mistral-7b"),  # folded into the survivor's same fact
    ("zephry-7b", "DERIVED_FROM", "zephyr-7b"),  # a self-loop once merged: dropped
]


def _load() -> None:
    doc = _doc("doc-a", [ZEPH, TYPO, MISTRAL, ORG], FACTS, TEXT)
    stated = claim("Zephry-7B has 7B", TEXT.index("Zephry-7B has"))
    params = AttributeIn(entity="zephry-7b", name="parameters", value=7e9, claim=stated)
    services.document_load(doc=doc.__class__(**{**doc.__dict__, "attributes": (params,)}))
    # An earlier merge: its key redirects to the entity about to be merged away.
    services.entity_create(label="Model", name="Zephyr 7B Beta", key="zephyr-beta")
    services.entity_merge(survivor="zephry-7b", other="zephyr-beta")
    services.fact_decide(key="zephry-7b|FINE_TUNES|mistral-7b", decision="accepted")
    services.entity_update(key="zephyr-7b", aliases=["Zephyr"])


def _everything() -> dict[str, list]:
    """The whole graph as the export reads it (every node, relationship and property)."""
    return {section: list(repository.export_rows(section=section)) for section in repository.EXPORT_SECTIONS}


def _merge(**kwargs) -> AuditEntry:
    return curation.entity_merge(user=None, survivor="zephyr-7b", other="zephry-7b", **kwargs)


def test_the_preview_writes_nothing_and_is_what_the_merge_does(graph, db):
    _load()
    before = _everything()
    plan = curation.entity_merge_plan(survivor="zephyr-7b", other="zephry-7b")
    assert _everything() == before
    assert plan["rekeyed"] == {"zephry-7b|DEVELOPED_BY|mistral-ai": "zephyr-7b|DEVELOPED_BY|mistral-ai"}
    assert plan["folded"] == {"zephry-7b|FINE_TUNES|mistral-7b": "zephyr-7b|FINE_TUNES|mistral-7b"}
    assert plan["dropped"] == ["zephry-7b|DERIVED_FROM|zephyr-7b"]
    assert plan["redirects"] == ["zephry-7b", "zephyr-beta"]
    assert {"Zephry-7B", "Zephyr 7B Beta"} <= set(plan["aliases"]) and "Zephyr" not in plan["aliases"]
    assert plan["documents"] == ["doc-a"] and plan["attribute_claims"] == 1
    entry = _merge(expected_plan=plan["version"])
    assert entry.after["plan"] == plan


def test_a_merge_confirmed_from_a_stale_preview_is_refused_whole(graph, db):
    _load()
    plan = curation.entity_merge_plan(survivor="zephyr-7b", other="zephry-7b")
    later = _doc("doc-b", [TYPO, ORG], [("zephry-7b", "DEVELOPED_BY", "mistral-ai")], "Zephry-7B by Mistral AI")
    services.document_load(doc=later)  # the merge would now also move doc-b's mentions
    before = _everything()
    with pytest.raises(Conflict, match="no longer do what its preview showed"):
        _merge(expected_plan=plan["version"])
    assert _everything() == before and not AuditEntry.objects.exists()


def test_a_reverted_merge_leaves_the_graph_exactly_as_it_was(graph, db):
    _load()
    before = _everything()
    entry = _merge()
    assert selectors.entity_redirect(key="zephry-7b") == "zephyr-7b"
    (revert,) = curation.audit_revert(user=None, entry_id=entry.pk)
    assert _everything() == before
    assert revert.action == "revert" and revert.reverts == entry and revert.after["restored"] == "zephry-7b"
    assert selectors.entity_redirect(key="zephry-7b") is None
    assert selectors.entity_redirect(key="zephyr-beta") == "zephry-7b"
    typo = selectors.entity_get(key="zephry-7b")
    assert typo.properties["parameters"] == 7e9 and "Zephyr 7B Beta" in typo.aliases
    assert {revert.pk} == {e.pk for e in curation.audit_history(key="zephry-7b") if e.action == "revert"}
    with pytest.raises(Conflict, match="already reverted"):
        curation.audit_revert(user=None, entry_id=entry.pk)
    with pytest.raises(Conflict, match="not itself revertible"):
        curation.audit_revert(user=None, entry_id=revert.pk)
    # Merging again works as the first time, and so does its undo.
    again = _merge()
    curation.audit_revert(user=None, entry_id=again.pk)
    assert _everything() == before


def test_a_merge_is_not_undone_once_the_graph_moved_on(graph, db):
    _load()
    entry = _merge()
    decided = curation.fact_decide(user=None, key="zephyr-7b|DEVELOPED_BY|mistral-ai", decision="rejected")
    with pytest.raises(Conflict, match=re.escape("'zephyr-7b|DEVELOPED_BY|mistral-ai' changed after the merge")):
        curation.audit_revert(user=None, entry_id=entry.pk)
    assert selectors.entity_redirect(key="zephry-7b") == "zephyr-7b"  # nothing half-undone
    curation.audit_revert(user=None, entry_id=decided.pk)
    edited = curation.entity_update(user=None, key="zephyr-7b", name="Zephyr 7B")
    with pytest.raises(Conflict, match="was edited after the merge"):
        curation.audit_revert(user=None, entry_id=entry.pk)
    curation.audit_revert(user=None, entry_id=edited.pk)
    services.document_load(doc=_doc("doc-a", [ZEPH, TYPO, MISTRAL, ORG], FACTS, TEXT + " Revised."))
    with pytest.raises(Conflict, match="'doc-a' was re-ingested or removed after the merge"):
        curation.audit_revert(user=None, entry_id=entry.pk)
    assert not AuditEntry.objects.filter(reverts=entry).exists()


def test_a_document_ingested_after_the_merge_blocks_its_undo(graph, db):
    _load()
    entry = _merge()
    # A new fact of its own: the only sign of it is that the survivor is mentioned in a newer document.
    later = _doc("doc-z", [ZEPH, MISTRAL], [("zephyr-7b", "DERIVED_FROM", "mistral-7b")], "Zephyr-7B from Mistral 7B")
    services.document_load(doc=later)
    with pytest.raises(Conflict, match="'doc-z' was ingested after the merge"):
        curation.audit_revert(user=None, entry_id=entry.pk)


def test_a_merge_logged_before_merges_kept_a_snapshot_says_it_cannot_be_undone(graph, db):
    _load()
    old = AuditEntry.objects.create(
        action="entity_merge",
        target_kind="entity",
        target_key="zephyr-7b",
        before={"survivor": {"name": "Zephyr-7B"}, "other": {"name": "Zephry-7B"}},
        after={"key": "zephyr-7b", "merged": "zephry-7b", "facts": {}},
    )
    with pytest.raises(Conflict, match="made before merges kept what they changed"):
        curation.audit_revert(user=None, entry_id=old.pk)

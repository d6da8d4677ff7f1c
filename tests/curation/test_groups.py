"""One curator action is one group in the audit log: a bulk decision and an edit's two sides are
reverted together, in one graph transaction, or not at all."""

import re

import pytest

from curation import services as curation
from curation.models import AuditEntry
from kg import selectors, services
from kg.errors import Conflict
from tests.curation.test_admin_previews import _load, _status
from tests.factories import document

FT = "instructgpt|FINE_TUNES|gpt-3"
DEV = "gpt-3|DEVELOPED_BY|openai"
USES = "llama|USES|rlhf"
DERIVED = "instructgpt|DERIVED_FROM|gpt-3"


def test_a_bulk_accept_is_planned_then_carried_out_exactly_and_reverted_as_one(graph, db):
    _load()
    plan = curation.decision_plan(decision="accepted", min_confidence=0.8)
    assert [f.key for f in plan.facts] == [FT, DEV] and plan.matched == 2
    assert (_status(FT), _status(DEV)) == ("proposed", "proposed")  # a plan changes nothing
    entries = curation.facts_decide_planned(user=None, plan=plan, expected_version=plan.version)
    assert len({e.group for e in entries}) == 1 and entries[0].group
    assert (_status(FT), _status(DEV), _status(USES)) == ("accepted", "accepted", "proposed")
    reverts = curation.audit_revert(user=None, entry_id=entries[1].pk)  # any member reverts the action
    assert {r.reverts_id for r in reverts} == {e.pk for e in entries}
    assert len({r.group for r in reverts}) == 1 and reverts[0].group
    assert (_status(FT), _status(DEV)) == ("proposed", "proposed")
    with pytest.raises(Conflict, match="already reverted"):
        curation.audit_revert(user=None, entry_id=entries[0].pk)


def test_a_plan_that_no_longer_holds_changes_nothing(graph, db):
    _load()
    plan = curation.decision_plan(decision="accepted", min_confidence=0.8)
    services.document_load(doc=document("doc-d", [("llama", "USES", "rmsnorm")], confidence=0.88))
    fresh = curation.decision_plan(decision="accepted", min_confidence=0.8)
    assert fresh.version != plan.version and len(fresh.facts) == 3
    with pytest.raises(Conflict, match="changed since the preview"):
        curation.facts_decide_planned(user=None, plan=fresh, expected_version=plan.version)
    # A fact decided by someone else between the plan and its confirmation: the whole plan is refused.
    curation.fact_decide(user=None, key=DEV, decision="rejected")
    with pytest.raises(Conflict, match="changed since it was read"):
        curation.facts_decide_planned(user=None, plan=fresh, expected_version=fresh.version)
    assert (_status(FT), _status("llama|USES|rmsnorm")) == ("proposed", "proposed")
    assert AuditEntry.objects.count() == 1


def test_a_selection_is_decided_as_one_action(graph, db):
    _load()
    plan = curation.decision_plan(decision="rejected", keys=[USES, DEV, USES])
    assert [f.key for f in plan.facts] == [DEV, USES]
    entries = curation.facts_decide_planned(user=None, plan=plan, expected_version=plan.version)
    assert [e.action for e in entries] == ["fact_reject", "fact_reject"] and entries[0].group == entries[1].group
    assert (_status(DEV), _status(USES)) == ("rejected", "rejected")


def test_a_group_revert_is_refused_whole_when_one_member_changed(graph, db):
    _load()
    plan = curation.decision_plan(decision="accepted", min_confidence=0.8)
    entries = curation.facts_decide_planned(user=None, plan=plan, expected_version=plan.version)
    curation.fact_decide(user=None, key=DEV, decision="rejected")
    with pytest.raises(Conflict, match=re.escape(f"'{DEV}' changed after this entry")):
        curation.audit_revert(user=None, entry_id=entries[0].pk)
    assert (_status(FT), _status(DEV)) == ("accepted", "rejected")  # not half reverted
    assert not AuditEntry.objects.filter(action="revert").exists()


@pytest.mark.parametrize("half", ["fact_edit", "fact_create"])
def test_an_edit_and_its_revert_are_one_action(graph, db, half):
    _load()
    rejected, created = curation.fact_edit(user=None, key=FT, type="derived-from")
    assert rejected.group == created.group != ""
    assert (_status(FT), _status(DERIVED)) == ("rejected", "accepted")
    entry = rejected if half == "fact_edit" else created
    reverts = curation.audit_revert(user=None, entry_id=entry.pk)
    assert {r.reverts_id for r in reverts} == {rejected.pk, created.pk}
    # Both sides are back: the original as it was, the curator's replacement gone (no evidence held it).
    assert (_status(FT), _status(DERIVED)) == ("proposed", None)
    assert selectors.fact_review(key=FT).decision is None

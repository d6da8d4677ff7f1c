"""The API's side of previews and undo against the real Neo4j: a merge's dry run, a merge confirmed
from it, its revert through the audit log; a group reverted as one; invalid filters answer 400."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from curation import services as curation
from kg import selectors, services
from tests.curation.test_api import DEV, FT, _error, _load
from tests.factories import document


def _gpt3_duplicate(api) -> None:
    _load()
    api.post("/api/v1/entities", {"label": "Model", "name": "Davinci", "key": "gpt3"}, format="json")
    api.post("/api/v1/facts", {"subject": "gpt3", "type": "developed-by", "object": "openai"}, format="json")
    api.post("/api/v1/facts", {"subject": "instructgpt", "type": "derived-from", "object": "gpt3"}, format="json")


def test_a_dry_run_answers_the_plan_and_changes_nothing(graph, api):
    _gpt3_duplicate(api)
    dry = api.post("/api/v1/entities/merge", {"survivor": "gpt-3", "other": "gpt3", "dry_run": True}, format="json")
    assert dry.status_code == 200, dry.content
    plan = dry.json()["plan"]
    assert dry.json()["dry_run"] is True
    assert plan["folded"] == {"gpt3|DEVELOPED_BY|openai": DEV}
    assert plan["rekeyed"] == {"instructgpt|DERIVED_FROM|gpt3": "instructgpt|DERIVED_FROM|gpt-3"}
    assert plan["dropped"] == [] and plan["redirects"] == ["gpt3"] and plan["aliases"] == ["Davinci"]
    assert selectors.entity_get(key="gpt3").name == "Davinci" and selectors.entity_redirect(key="gpt3") is None
    assert not curation.audit_history(key="gpt3").filter(action="entity_merge").exists()
    merged = api.post(
        "/api/v1/entities/merge", {"survivor": "gpt-3", "other": "gpt3", "plan": plan["version"]}, format="json"
    )
    assert merged.status_code == 200, merged.content
    assert merged.json()["plan"] == plan


def test_a_merge_from_a_stale_dry_run_is_refused(graph, api):
    _gpt3_duplicate(api)
    dry = api.post("/api/v1/entities/merge", {"survivor": "gpt-3", "other": "gpt3", "dry_run": True}, format="json")
    # A new fact of gpt3's (not gpt3 fine-tunes instructgpt: instructgpt derives from gpt3, a cycle).
    changed = {"subject": "instructgpt", "type": "fine-tunes", "object": "gpt3"}
    assert api.post("/api/v1/facts", changed, format="json").status_code == 201
    stale = {"survivor": "gpt-3", "other": "gpt3", "plan": dry.json()["plan"]["version"]}
    _error(api.post("/api/v1/entities/merge", stale, format="json"), 409, "conflict")
    assert selectors.entity_get(key="gpt3").name == "Davinci"
    _error(api.post("/api/v1/entities/merge", dict(stale, dry_run="maybe"), format="json"), 400, "invalid_parameter")


def test_a_merge_is_reverted_through_the_audit_log(graph, api):
    _gpt3_duplicate(api)
    merged = api.post("/api/v1/entities/merge", {"survivor": "gpt-3", "other": "gpt3"}, format="json").json()
    entry = merged["audit"][0]
    assert APIClient().get("/api/v1/models/gpt3").status_code == 301
    reverted = api.post(f"/api/v1/audit/{entry['id']}/revert")
    assert reverted.status_code == 200, reverted.content
    (revert,) = reverted.json()["audit"]
    assert revert["reverts"] == entry["id"] and revert["after"]["restored"] == "gpt3"
    back = APIClient().get("/api/v1/models/gpt3")
    assert back.status_code == 200 and back.json()["name"] == "Davinci"
    assert selectors.fact_review(key="gpt3|DEVELOPED_BY|openai").curated
    assert selectors.fact_review(key="instructgpt|DERIVED_FROM|gpt3").curated
    assert not selectors.fact_review(key=DEV).curated  # the survivor's own fact is as it was
    _error(api.post(f"/api/v1/audit/{entry['id']}/revert"), 409, "conflict")


def test_reverting_a_merge_needs_the_merge_permission(graph, api):
    _gpt3_duplicate(api)
    entry = api.post("/api/v1/entities/merge", {"survivor": "gpt-3", "other": "gpt3"}, format="json").json()["audit"][0]
    editor = get_user_model().objects.create_user("editor", password="x-unused-pw-2")
    # Everything a revert of a fact or an entity edit needs, but not the merge permission.
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_reviewedfact", "change_curatedentity"])
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    _error(client.post(f"/api/v1/audit/{entry['id']}/revert"), 403, "permission_denied")
    assert selectors.entity_redirect(key="gpt3") == "gpt-3"


def test_an_edit_and_a_bulk_decision_are_each_reverted_as_one(graph, api):
    _load(confidence=0.85)
    edited = api.post(f"/api/v1/facts/{FT}/edit", {"type": "derived-from"}, format="json").json()
    assert edited["audit"][0]["group"] == edited["audit"][1]["group"] is not None
    reverted = api.post(f"/api/v1/audit/{edited['audit'][1]['id']}/revert").json()["audit"]
    assert {e["reverts"] for e in reverted} == {e["id"] for e in edited["audit"]}
    assert selectors.fact_review(key=FT).status == "proposed"
    plan = curation.decision_plan(decision="accepted", min_confidence=0.8)
    entries = curation.facts_decide_planned(user=None, plan=plan, expected_version=plan.version)
    assert len(entries) == 2
    reverted = api.post(f"/api/v1/audit/{entries[0].pk}/revert").json()["audit"]
    assert len(reverted) == 2 and selectors.fact_review(key=DEV).status == "proposed"


def test_invalid_relation_filters_answer_400(graph, db):
    services.document_load(doc=document("doc-a", [("gpt-3", "DEVELOPED_BY", "openai")]))
    for query in ({"status": "bogus"}, {"type": "nope"}, {"limit": "abc"}):
        _error(APIClient().get("/api/v1/relations", query), 400, "invalid_parameter")

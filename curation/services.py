"""Curation use cases for the admin and the API: each graph change is recorded in the audit log.

One curator action is one group of entries (a bulk decision, an edit's two sides): reverting any of
them reverts the whole group, in one graph transaction. Bulk decisions and merges are planned first
(what exactly will change, with a version); carrying a plan out is refused when it no longer holds.
"""

import json
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q, QuerySet

from curation.models import AuditEntry, MergeDismissal
from kg import selectors
from kg import services as graph
from kg.errors import Conflict, EntityNotFound, InvalidQuery
from kg.signals import document_withdrawn
from kg.text import arxiv_bare, stable_id
from kg.types import Change, FactReview, MergeSuggestion

Action = AuditEntry.Action
DECISION_ACTIONS = {"accepted": Action.FACT_ACCEPT, "rejected": Action.FACT_REJECT}
# What must still hold for a revert to be safe: the fields the entry changed.
_COMPARED = {
    "fact": ("decision", "curated"),
    "entity": ("name", "curated_aliases", "curated"),
    "attribute": ("decision", "curated"),
}


def _record(
    *,
    user,
    action: str,
    change: Change,
    related: tuple[str, ...] = (),
    note: str = "",
    reverts=None,
    group: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        target_kind=change.target_kind,
        target_key=change.target_key,
        before=change.before,
        after=change.after,
        related_keys=[k for k in related if k and k != change.target_key],
        note=note[:300],
        reverts=reverts,
        group=group,
    )


def _new_group() -> str:
    return uuid.uuid4().hex


def fact_decide(*, user, key: str, decision: str, expected_version: str | None = None) -> AuditEntry:
    with transaction.atomic():
        change = graph.fact_decide(key=key, decision=decision, expected_version=expected_version)
        return _record(user=user, action=DECISION_ACTIONS[decision], change=change)


# --- bulk decisions: a plan first, then exactly that plan ---------------------------------------


@dataclass(frozen=True)
class DecisionPlan:
    """What a bulk decision would change: these facts (most confident first), each to `decision`."""

    decision: str
    facts: tuple[FactReview, ...]
    matched: int  # facts the scope matched; more than len(facts) when the list is capped
    note: str
    version: str


def decision_plan(
    *,
    decision: str,
    keys: list[str] | None = None,
    min_confidence: float | None = None,
    filters: dict | None = None,
) -> DecisionPlan:
    """The selected facts (`keys`), or every still proposed fact at or above `min_confidence`
    within `filters` (accept only); at most selectors.BULK_LIMIT of them."""
    if keys is not None:
        page = selectors.facts_brief(filters={"keys": list(dict.fromkeys(keys))})
        verb = "accept" if decision == "accepted" else "reject"
        facts, note = page.facts, f"bulk {verb} of {len(page.facts)} selected"
    elif decision == "accepted" and min_confidence is not None:
        page = selectors.facts_accept_above_plan(min_confidence=min_confidence, filters=filters)
        facts, note = (
            tuple(f for f in page.facts if f.decision is None),
            f"bulk accept at confidence ≥ {min_confidence:g}",
        )
    else:
        raise Conflict("A bulk decision needs the selected facts or a confidence to accept from.")
    version = stable_id(decision, *(f"{f.key}@{f.version}" for f in facts))[:12]
    return DecisionPlan(decision=decision, facts=facts, matched=page.total, note=note, version=version)


def facts_decide_planned(*, user, plan: DecisionPlan, expected_version: str) -> list[AuditEntry]:
    """Carry out a previewed bulk decision (one group of entries, one graph transaction); refused
    when the plan is not the previewed one any more or a fact changed since it was planned."""
    if plan.version != expected_version:
        raise Conflict(
            "The facts changed since the preview; look at the new list and confirm again.",
            detail={"version": plan.version, "expected": expected_version},
        )
    with transaction.atomic():
        versions = {f.key: f.version for f in plan.facts}
        changes = graph.facts_decide(keys=list(versions), decision=plan.decision, versions=versions)
        group = _new_group()
        action = DECISION_ACTIONS[plan.decision]
        return [_record(user=user, action=action, change=c, note=plan.note, group=group) for c in changes]


# --- facts and entities one at a time ------------------------------------------------------------


def fact_edit(*, user, key: str, expected_version: str | None = None, **edit) -> tuple[AuditEntry, AuditEntry]:
    """The corrected fact is created (accepted, curated) and the original rejected: two entries of
    one action, reverted together."""
    with transaction.atomic():
        old, new = graph.fact_edit(key=key, expected_version=expected_version, **edit)
        return _record_edit(user=user, key=key, old=old, new=new)


def _record_edit(
    *, user, key: str, old: Change, new: Change, related: tuple[str, ...] = ()
) -> tuple[AuditEntry, AuditEntry]:
    """An edit's two entries, one group: the original rejected and the corrected one created."""
    group = _new_group()
    rejected = _record(
        user=user,
        action=Action.FACT_EDIT,
        change=old,
        related=(new.target_key, *related),
        note=f"→ {new.target_key}",
        group=group,
    )
    created = _record(
        user=user,
        action=Action.FACT_CREATE,
        change=new,
        related=(old.target_key, *related),
        note=f"edit of {key}",
        group=group,
    )
    return rejected, created


def fact_create(*, user, subject: str, type: str, object: str, source: dict | None = None) -> AuditEntry:
    """A curator's fact, citing `source` (fact_source) as its evidence when given."""
    sources = fact_source(**(source or {}))
    with transaction.atomic():
        change = graph.fact_create(subject=subject, type=type, object=object, sources=sources)
        note = _source_note(sources)
        return _record(user=user, action=Action.FACT_CREATE, change=change, related=(subject, object), note=note)


def fact_source(*, document: str = "", quote: str = "", url: str = "", arxiv_id: str = "") -> tuple[dict, ...]:
    """A curator's source, the same for the admin's form and the API: a document's key with a quote
    from its text (checked against the text when the fact is written), a web page's URL, or an arXiv
    id (or arxiv.org URL). None given: no source; more than one kind: refused."""
    document, quote, url, arxiv_id = (v.strip() for v in (document, quote, url, arxiv_id))
    given = [name for name, v in (("document", document), ("url", url), ("arxiv_id", arxiv_id)) if v]
    if len(given) > 1:
        raise InvalidQuery("Cite one source: a document with a quote, a URL or an arXiv id.", detail={"given": given})
    if document:
        if not quote:
            raise InvalidQuery("A cited document needs a quote from its text.", detail={"document": document})
        return ({"document": document, "quote": quote},)
    if quote and not given:
        raise InvalidQuery("A quote needs the document it comes from.", detail={"quote": quote[:200]})
    if arxiv_id:
        try:
            bare = arxiv_bare(value=arxiv_id)
        except ValueError as exc:
            raise InvalidQuery(str(exc), detail={"arxiv_id": arxiv_id[:80]}) from exc
        return ({"url": f"https://arxiv.org/abs/{bare}", "arxiv_id": bare, "quote": quote},)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise InvalidQuery(
                f"'{url[:80]}' is not a web address (http:// or https://).", detail={"url": url[:200]}
            ) from exc
        return ({"url": url, "quote": quote},)
    return ()


def _source_note(sources: tuple[dict, ...]) -> str:
    return "; ".join(f"source: {s.get('document') or s.get('url')}" for s in sources)


def attribute_decide(*, user, key: str, decision: str, expected_version: str | None = None) -> AuditEntry:
    """Accept or reject an attribute value (entity|attribute|value): every claim of it, kept across re-ingests."""
    with transaction.atomic():
        change = graph.attribute_decide(key=key, decision=decision, expected_version=expected_version)
        entity = change.before["entity"]
        return _record(user=user, action=DECISION_ACTIONS[decision], change=change, related=(entity,))


def attribute_edit(*, user, key: str, value: str, expected_version: str | None = None) -> tuple[AuditEntry, AuditEntry]:
    """The curator's value (accepted, citing the original's sentence) and the original rejected:
    two entries of one action, reverted together."""
    with transaction.atomic():
        old, new = graph.attribute_edit(key=key, value=value, expected_version=expected_version)
        return _record_edit(user=user, key=key, old=old, new=new, related=(old.before["entity"],))


def entity_create(*, user, label: str, name: str, aliases: list[str] | None = None, key: str | None = None):
    with transaction.atomic():
        change = graph.entity_create(label=label, name=name, aliases=aliases, key=key)
        return _record(user=user, action=Action.ENTITY_CREATE, change=change)


def entity_update(*, user, key: str, name: str | None = None, aliases: list[str] | None = None) -> AuditEntry:
    with transaction.atomic():
        change = graph.entity_update(key=key, name=name, aliases=aliases)
        return _record(user=user, action=Action.ENTITY_EDIT, change=change)


# --- merges and the pipeline's suggestions -------------------------------------------------------


def entity_merge_plan(*, survivor: str, other: str) -> dict:
    """What merging `other` into `survivor` would change (kg.services.entity_merge_preview)."""
    return graph.entity_merge_preview(survivor=survivor, other=other)


def entity_merge(*, user, survivor: str, other: str, expected_plan: str | None = None) -> AuditEntry:
    """Merge, keeping in the entry what an undo needs; with a preview's plan version, only while the
    merge still does what the preview showed."""
    with transaction.atomic():
        change = graph.entity_merge(survivor=survivor, other=other, expected_plan=expected_plan)
        moved = tuple(k for pair in change.after["facts"].items() for k in pair if k)
        return _record(
            user=user, action=Action.ENTITY_MERGE, change=change, related=(other, *moved), note=f"{other} → {survivor}"
        )


def merge_suggestions() -> list[MergeSuggestion]:
    """The pipeline's suggestions, without the pairs a curator said are not duplicates."""
    dismissed = set(MergeDismissal.objects.values_list("key", "other_key"))
    return [s for s in selectors.merge_suggestions() if MergeDismissal.pair(s.key, s.other_key) not in dismissed]


def document_withdraw(*, user, key: str, expected_sha256: str | None = None) -> AuditEntry:
    """Take a document out of the graph: the facts only it supported go, facts a curator decided or
    made stay (noted with the withdrawn source). The entry keeps the whole list of both."""
    with transaction.atomic():
        removal = graph.document_delete(key=key, expected_sha256=expected_sha256)
        if removal is None:
            raise EntityNotFound(f"No document with key '{key}'.", detail={"key": key})
        change = Change(target_kind=AuditEntry.Kind.DOCUMENT, target_key=key, before=removal.to_dict(), after=None)
        kept = tuple(f.key for f in removal.kept_facts)
        note = f"{len(removal.removed_facts)} facts removed, {len(kept)} decided facts kept"
        entry = _record(user=user, action=Action.DOCUMENT_WITHDRAW, change=change, related=kept, note=note)
        document_withdrawn.send(sender=AuditEntry, key=key, removal=removal)
        return entry


def merge_dismiss(*, user, key: str, other_key: str) -> AuditEntry:
    """ "Not a duplicate": the pair is never suggested again (whichever document proposes it)."""
    first, second = MergeDismissal.pair(key, other_key)
    names = []
    for k in (first, second):
        state = graph.entity_state(key=k)
        if state is None:
            raise EntityNotFound(f"No entity with key '{k}'.", detail={"key": k})
        names.append(state["name"])
    with transaction.atomic():
        _, created = MergeDismissal.objects.get_or_create(
            key=first, other_key=second, defaults={"user": user if user.is_authenticated else None}
        )
        if not created:
            raise Conflict("These two are already marked as not duplicates.", detail={"pair": [first, second]})
        after = {"key": first, "other_key": second, "name": " ≠ ".join(names), "dismissed": True}
        change = Change("entity", first, None, after)
        return _record(user=user, action=Action.MERGE_DISMISS, change=change, related=(second,))


# --- reverts -------------------------------------------------------------------------------------


def _restore(entry: AuditEntry) -> dict:
    expected = {f: (entry.after or {}).get(f) for f in _COMPARED[entry.target_kind]}
    return {
        "kind": entry.target_kind,
        "key": entry.target_key,
        "state": entry.before,
        "fallback": entry.after,
        "expected": expected,
    }


def _revert_merge(*, user, entry: AuditEntry) -> AuditEntry:
    change = graph.entity_merge_undo(before=entry.before, after=entry.after)
    other = entry.after["merged"]
    related = (other, *change.after["facts"].values())
    return _record(
        user=user, action=Action.REVERT, change=change, related=related, note=f"revert #{entry.pk}", reverts=entry
    )


def _revert_dismissal(*, user, entry: AuditEntry) -> AuditEntry:
    pair = MergeDismissal.pair(entry.after["key"], entry.after["other_key"])
    deleted, _ = MergeDismissal.objects.filter(key=pair[0], other_key=pair[1]).delete()
    if not deleted:
        raise Conflict("This pair is not dismissed any more.", detail={"pair": list(pair)})
    change = Change("entity", entry.target_key, entry.after, None)
    return _record(
        user=user, action=Action.REVERT, change=change, related=(pair[1],), note=f"revert #{entry.pk}", reverts=entry
    )


def _check_revertible(entry: AuditEntry, entries: list[AuditEntry]) -> None:
    if entry.action == Action.DOCUMENT_WITHDRAW:
        raise Conflict("A withdrawn document cannot be put back by a revert; submit it again.", detail={"id": entry.pk})
    if any(e.reverted_by.exists() for e in entries):
        raise Conflict("This entry was already reverted.", detail={"id": entry.pk})
    undone = entry.reverts.action if entry.action == Action.REVERT and entry.reverts else None
    if undone in (Action.ENTITY_MERGE, Action.MERGE_DISMISS):
        raise Conflict(
            "This revert is not itself revertible: merge again, or mark the pair again, instead.",
            detail={"id": entry.pk},
        )


def revert_permission(entry: AuditEntry) -> str:
    """Reverting changes the target, so it needs the permission the original change needed."""
    if entry.action in (Action.ENTITY_MERGE, Action.MERGE_DISMISS):
        return "curation.merge_curatedentity"
    return {
        AuditEntry.Kind.FACT: "curation.change_reviewedfact",
        AuditEntry.Kind.ATTRIBUTE: "curation.change_reviewedfact",
        AuditEntry.Kind.ENTITY: "curation.change_curatedentity",
        AuditEntry.Kind.DOCUMENT: "curation.delete_sourcedocument",
    }[entry.target_kind]


def audit_revert(*, user, entry_id: int) -> list[AuditEntry]:
    """Undo an entry and every entry of its action (its group), all or nothing; refused when
    something changed a target since. Returns the revert entries (themselves logged, one group)."""
    with transaction.atomic():
        entry = AuditEntry.objects.select_for_update().select_related("reverts").get(pk=entry_id)
        group = AuditEntry.objects.select_for_update().filter(group=entry.group) if entry.group else None
        entries = list(group.order_by("-pk")) if group is not None else [entry]
        _check_revertible(entry, entries)
        if entry.action == Action.ENTITY_MERGE:
            return [_revert_merge(user=user, entry=entry)]
        if entry.action == Action.MERGE_DISMISS:
            return [_revert_dismissal(user=user, entry=entry)]
        changes = graph.states_restore(restores=[_restore(e) for e in entries])
        revert_group = _new_group() if len(entries) > 1 else ""
        return [
            _record(user=user, action=Action.REVERT, change=c, note=f"revert #{e.pk}", reverts=e, group=revert_group)
            for e, c in zip(entries, changes, strict=True)
        ]


def audit_history(*, key: str) -> QuerySet[AuditEntry]:
    """Entries about a fact or entity, including merges and edits that moved it."""
    mentioned = Q(target_key=key) | Q(related_keys__icontains=json.dumps(key))
    return AuditEntry.objects.filter(mentioned).select_related("user", "reverts")

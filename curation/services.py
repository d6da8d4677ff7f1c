"""Curation use cases for the admin and the API: each graph change is recorded in the audit log."""

import json

from django.db import transaction
from django.db.models import Q, QuerySet

from curation.models import AuditEntry
from kg import services as graph
from kg.errors import Conflict, EntityNotFound
from kg.signals import document_withdrawn
from kg.types import Change

Action = AuditEntry.Action
DECISION_ACTIONS = {"accepted": Action.FACT_ACCEPT, "rejected": Action.FACT_REJECT}
# What must still hold for a revert to be safe: the fields the entry changed.
_COMPARED = {"fact": ("decision", "curated"), "entity": ("name", "curated_aliases", "curated")}


def _record(*, user, action: str, change: Change, related: tuple[str, ...] = (), note: str = "", reverts=None):
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
    )


def fact_decide(*, user, key: str, decision: str, expected_version: str | None = None) -> AuditEntry:
    with transaction.atomic():
        change = graph.fact_decide(key=key, decision=decision, expected_version=expected_version)
        return _record(user=user, action=DECISION_ACTIONS[decision], change=change)


def facts_accept_above(*, user, min_confidence: float, filters: dict | None = None) -> list[AuditEntry]:
    """Bulk accept: one audit entry per fact, so each can be seen and reverted on its own."""
    with transaction.atomic():
        changes = graph.facts_accept_above(min_confidence=min_confidence, filters=filters)
        note = f"bulk accept at confidence ≥ {min_confidence:g}"
        return [_record(user=user, action=Action.FACT_ACCEPT, change=c, note=note) for c in changes]


def fact_edit(*, user, key: str, expected_version: str | None = None, **edit) -> tuple[AuditEntry, AuditEntry]:
    """The corrected fact is created (accepted, curated) and the original rejected: two entries."""
    with transaction.atomic():
        old, new = graph.fact_edit(key=key, expected_version=expected_version, **edit)
        rejected = _record(
            user=user, action=Action.FACT_EDIT, change=old, related=(new.target_key,), note=f"→ {new.target_key}"
        )
        created = _record(
            user=user, action=Action.FACT_CREATE, change=new, related=(old.target_key,), note=f"edit of {key}"
        )
        return rejected, created


def fact_create(*, user, subject: str, type: str, object: str) -> AuditEntry:
    with transaction.atomic():
        change = graph.fact_create(subject=subject, type=type, object=object)
        return _record(user=user, action=Action.FACT_CREATE, change=change, related=(subject, object))


def entity_create(*, user, label: str, name: str, aliases: list[str] | None = None, key: str | None = None):
    with transaction.atomic():
        change = graph.entity_create(label=label, name=name, aliases=aliases, key=key)
        return _record(user=user, action=Action.ENTITY_CREATE, change=change)


def entity_update(*, user, key: str, name: str | None = None, aliases: list[str] | None = None) -> AuditEntry:
    with transaction.atomic():
        change = graph.entity_update(key=key, name=name, aliases=aliases)
        return _record(user=user, action=Action.ENTITY_EDIT, change=change)


def entity_merge(*, user, survivor: str, other: str) -> AuditEntry:
    with transaction.atomic():
        change = graph.entity_merge(survivor=survivor, other=other)
        moved = tuple(k for pair in change.after["facts"].items() for k in pair if k)
        return _record(
            user=user, action=Action.ENTITY_MERGE, change=change, related=(other, *moved), note=f"{other} → {survivor}"
        )


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


def _restore(entry: AuditEntry) -> Change:
    if entry.target_kind == AuditEntry.Kind.FACT:
        return graph.fact_restore(key=entry.target_key, state=entry.before, fallback=entry.after)
    return graph.entity_restore(key=entry.target_key, state=entry.before)


def _current(entry: AuditEntry) -> dict | None:
    if entry.target_kind == AuditEntry.Kind.FACT:
        return graph.fact_state(key=entry.target_key)
    return graph.entity_state(key=entry.target_key)


def audit_revert(*, user, entry_id: int) -> AuditEntry:
    """Apply an entry's `before` state; refused when something changed the target since."""
    with transaction.atomic():
        entry = AuditEntry.objects.select_for_update().get(pk=entry_id)
        if entry.action == Action.DOCUMENT_WITHDRAW:
            raise Conflict(
                "A withdrawn document cannot be put back by a revert; submit it again.", detail={"id": entry_id}
            )
        if entry.action == Action.ENTITY_MERGE:
            raise Conflict(
                "A merge cannot be reverted; create the entity again and re-ingest.", detail={"id": entry_id}
            )
        if entry.reverted_by.exists():
            raise Conflict("This entry was already reverted.", detail={"id": entry_id})
        current = _current(entry) or {}
        fields = _COMPARED[entry.target_kind]
        if any(current.get(f) != (entry.after or {}).get(f) for f in fields):
            raise Conflict(
                "The target changed after this entry; revert the later entries first.",
                detail={"id": entry_id, "key": entry.target_key},
            )
        change = _restore(entry)
        return _record(user=user, action=Action.REVERT, change=change, note=f"revert #{entry.pk}", reverts=entry)


def audit_history(*, key: str) -> QuerySet[AuditEntry]:
    """Entries about a fact or entity, including merges and edits that moved it."""
    mentioned = Q(target_key=key) | Q(related_keys__icontains=json.dumps(key))
    return AuditEntry.objects.filter(mentioned).select_related("user", "reverts")

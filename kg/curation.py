"""Curation services: accept, reject, edit and create facts, create, edit and merge entities.

Every function returns the Change(s) it made, state before and after, for the audit log; the
graph layer knows nothing of users, the caller records who did it.
"""

import re
import unicodedata

from django.conf import settings

from kg import repository as repo
from kg.errors import Conflict, EntityNotFound, InvalidQuery
from kg.types import Change
from kg.vocabulary import ALLOWED_ENDPOINTS, Label, RelType, Status

DECISIONS = (Status.ACCEPTED.value, Status.REJECTED.value)


def _threshold() -> float:
    return settings.INGEST_AUTO_ACCEPT_CONFIDENCE


def _rel_type(value: str) -> RelType:
    try:
        return RelType.from_kebab(value)
    except ValueError as exc:
        raise InvalidQuery(f"Unknown relation type '{value}'.", detail={"type": value}) from exc


def _check_endpoints(*, subject: str, rel: RelType, obj: str) -> None:
    """The ontology's allow-list: FINE_TUNES joins models, DEVELOPED_BY points at an organization ..."""
    if subject == obj:
        raise InvalidQuery("A relation needs two different entities.", detail={"subject": subject})
    labels = repo.entity_labels(keys=[subject, obj])
    for key in (subject, obj):
        if key not in labels:
            raise EntityNotFound(f"No entity with key '{key}'.", detail={"key": key})
    allowed_subjects, allowed_objects = ALLOWED_ENDPOINTS[rel]
    if labels[subject] not in allowed_subjects or labels[obj] not in allowed_objects:
        raise InvalidQuery(
            f"{rel.kebab} cannot join a {labels[subject]} to a {labels[obj]}.",
            detail={"type": rel.kebab, "subject_label": labels[subject], "object_label": labels[obj]},
        )


def fact_decide(*, key: str, decision: str, expected_version: str | None = None) -> Change:
    """A curator accepts or rejects a fact; re-ingests never change it afterwards."""
    if decision not in DECISIONS:
        raise InvalidQuery("decision must be accepted or rejected.", detail={"decision": decision})
    (change,) = repo.facts_decide(keys=[key], decision=decision, threshold=_threshold(), expected=expected_version)
    return change


def facts_accept_above(*, min_confidence: float, filters: dict | None = None, limit: int = 1000) -> list[Change]:
    """Bulk accept: every still undecided, proposed fact at or above the confidence (within filters)."""
    scope = dict(filters or {}, status=Status.PROPOSED.value, min_confidence=min_confidence)
    if scope.get("type"):
        scope["type"] = _rel_type(scope["type"]).value
    page = repo.facts_review(filters=scope, skip=0, limit=limit)
    keys = [f.key for f in page.facts if f.decision is None]
    if not keys:
        return []
    return repo.facts_decide(keys=keys, decision=Status.ACCEPTED.value, threshold=_threshold(), expected=None)


def fact_create(*, subject: str, type: str, object: str) -> Change:
    """A relation the curator states: accepted, and kept even when no document supports it."""
    rel = _rel_type(type)
    _check_endpoints(subject=subject, rel=rel, obj=object)
    state = {"subject": subject, "type": rel.value, "object": object, "decision": "accepted", "curated": True}
    return repo.fact_set(state=state, threshold=_threshold())


def fact_edit(
    *,
    key: str,
    type: str | None = None,
    subject: str | None = None,
    object: str | None = None,
    reverse: bool = False,
    expected_version: str | None = None,
) -> tuple[Change, Change]:
    """Fix type, direction or an endpoint: a new curated fact, and the original rejected."""
    old = repo.fact_state(key=key)
    if old is None or old["subject"] is None or old["object"] is None:
        raise EntityNotFound(f"No fact with key '{key}'.", detail={"key": key})
    rel = _rel_type(type) if type else RelType(old["type"])
    new_subject, new_object = subject or old["subject"], object or old["object"]
    if reverse:
        new_subject, new_object = new_object, new_subject
    if (new_subject, rel.value, new_object) == (old["subject"], old["type"], old["object"]):
        raise InvalidQuery("The edit changes nothing.", detail={"key": key})
    _check_endpoints(subject=new_subject, rel=rel, obj=new_object)
    replacement = {"subject": new_subject, "type": rel.value, "object": new_object}
    return repo.fact_replace(key=key, replacement=replacement, threshold=_threshold(), expected=expected_version)


def fact_restore(*, key: str, state: dict | None, fallback: dict) -> Change:
    """Put a fact back as an audit entry recorded it (None: it did not exist, so it is un-curated)."""
    if state is None:
        state = dict(fallback, decision=None, curated=False)
    restored = {k: state[k] for k in ("subject", "type", "object", "decision", "curated")}
    return repo.fact_set(state=restored, threshold=_threshold())


def slug(*, name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[^\w.:]+", "-", folded).strip("-.:")


def _clean_aliases(aliases: list[str] | tuple[str, ...], *, name: str) -> list[str]:
    return [a for a in dict.fromkeys(" ".join(a.split()) for a in aliases) if a and a != name]


def entity_create(*, label: str, name: str, aliases: list[str] | None = None, key: str | None = None) -> Change:
    name = " ".join(name.split())
    if not name:
        raise InvalidQuery("An entity needs a name.", detail={"name": name})
    try:
        kind = Label(label)
    except ValueError as exc:
        raise InvalidQuery(f"Unknown label '{label}'.", detail={"label": label}) from exc
    key = key or slug(name=name)
    if not key or key != slug(name=key):
        raise InvalidQuery("Keys are lower-case words joined by hyphens.", detail={"key": key})
    return repo.entity_create(
        key=key, label=kind, name=name, aliases=_clean_aliases(aliases or [], name=name), threshold=_threshold()
    )


def entity_update(*, key: str, name: str | None = None, aliases: list[str] | None = None) -> Change:
    """Rename or set the curator's aliases; the pipeline's spellings stay as aliases too."""
    current = repo.entity_state(key=key)
    if current is None:
        raise EntityNotFound(f"No entity with key '{key}'.", detail={"key": key})
    new_name = " ".join((name or current["name"]).split())
    new_aliases = _clean_aliases(current["curated_aliases"] if aliases is None else aliases, name=new_name)
    if new_name != current["name"] and current["name"] not in new_aliases:
        new_aliases.append(current["name"])  # the old name still finds it
    return repo.entity_set(key=key, name=new_name, curated_aliases=new_aliases, curated=True, threshold=_threshold())


def entity_restore(*, key: str, state: dict | None) -> Change:
    """Put an entity's curated fields back; None (it was created) un-curates it, so sync may drop it."""
    current = repo.entity_state(key=key)
    if current is None:
        raise Conflict(f"Entity '{key}' no longer exists (merged or deleted).", detail={"key": key})
    if state is None:
        state = dict(current, curated=False, curated_aliases=[])
    return repo.entity_set(
        key=key,
        name=state["name"],
        curated_aliases=list(state["curated_aliases"]),
        curated=bool(state["curated"]),
        threshold=_threshold(),
    )


def entity_merge(*, survivor: str, other: str) -> Change:
    """Fold `other` into `survivor`: facts, claims, mentions and aliases move; the old key redirects."""
    return repo.entity_merge(survivor=survivor, other=other, threshold=_threshold())


def fact_state(*, key: str) -> dict | None:
    """What an audit entry records of a fact; a revert compares against it."""
    return repo.fact_state(key=key)


def entity_state(*, key: str) -> dict | None:
    """What an audit entry records of an entity (name, aliases, curated aliases, label)."""
    return repo.entity_state(key=key)

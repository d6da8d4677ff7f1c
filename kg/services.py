"""Writes to the graph: every change goes through here, so the rules (kg.rules, kg.vocabulary) hold
on every path. Each function is one unit of work: one write transaction in the repository.

Documents: load (refused whole when a fact breaks the vocabulary) and delete.
Curation: accept, reject, edit and create facts, create, edit and merge entities (a merge also
previewed and undone), restore recorded states. Each returns the Change(s) it made, state before and
after, for the audit log; this layer knows nothing of users, the caller (curation.services) records
who did it.
"""

import json
import re
import unicodedata
from collections.abc import Callable

from django.conf import settings

from kg import repository, selectors
from kg.documents import DocumentIn, DocumentRemoval, LoadResult
from kg.errors import EntityNotFound, InvalidQuery
from kg.types import Change
from kg.vocabulary import Label, RelType, Status, allows

_LISTED = 10  # refused facts the message names; the detail lists every one


def _threshold() -> float:
    """Facts at or above it are accepted without review (kg.rules.fact_status)."""
    return settings.INGEST_AUTO_ACCEPT_CONFIDENCE


def document_load(*, doc: DocumentIn, progress: Callable[[str, float], None] | None = None) -> LoadResult:
    """Store a document and its statements; the same document twice changes nothing. A document
    with a fact the vocabulary does not allow is refused whole, before anything is written.
    `progress(step, fraction)` hears the load's steps as they start (repository.LOAD_STEPS)."""
    refused = document_refused_facts(doc=doc)
    if refused:
        named = "; ".join(row["fact"] + ": " + row["reason"] for row in refused[:_LISTED])
        more = f"; and {len(refused) - _LISTED} more" if len(refused) > _LISTED else ""
        raise InvalidQuery(
            f"Document '{doc.key}' was not loaded: {len(refused)} of its facts break the vocabulary: {named}{more}.",
            detail={"document": doc.key, "facts": refused},
        )
    return repository.document_load(doc=doc, threshold=_threshold(), progress=progress)


def document_refused_facts(*, doc: DocumentIn) -> list[dict]:
    """The document's facts the loader refuses, each with why: an end that is none of the document's
    entities, or a relation type that may not join the two ends' labels (kg.vocabulary.ENDPOINTS)."""
    labels: dict[str, str] = {}
    for entity in doc.entities:
        labels.setdefault(entity.key, entity.label)  # the first label wins, as when the graph stores it
    refused = []
    for fact in doc.facts:
        missing = [key for key in (fact.subject, fact.object) if key not in labels]
        subject_label, object_label = labels.get(fact.subject), labels.get(fact.object)
        if missing:
            reason = "not an entity of the document: " + ", ".join(missing)
        elif not allows(fact.type, subject_label, object_label):
            reason = f"{fact.type} cannot join a {subject_label} to a {object_label}"
        else:
            continue
        refused.append(
            {
                "fact": f"{fact.subject} -{fact.type}-> {fact.object}",
                "subject": fact.subject,
                "type": fact.type,
                "object": fact.object,
                "subject_label": subject_label,
                "object_label": object_label,
                "reason": reason,
            }
        )
    return refused


def document_delete(*, key: str, expected_sha256: str | None = None) -> DocumentRemoval | None:
    """Remove a document: facts that only it supported go with it; facts a curator decided or made
    stay, noted with the withdrawn source. None when there is no such document. `expected_sha256`
    (the text's hash as read) refuses the deletion when a revision replaced the document since."""
    return repository.document_delete(key=key, threshold=_threshold(), expected_sha256=expected_sha256)


def document_delete_preview(*, key: str) -> DocumentRemoval:
    """Exactly what document_delete would remove and keep, with nothing changed."""
    removal = repository.document_delete_rehearsal(key=key, threshold=_threshold())
    if removal is None:
        raise EntityNotFound(f"No document with key '{key}'.", detail={"key": key})
    return removal


# --- curation

DECISIONS = (Status.ACCEPTED.value, Status.REJECTED.value)


def _rel_type(value: str) -> RelType:
    try:
        return RelType.from_kebab(value)
    except ValueError as exc:
        raise InvalidQuery(f"Unknown relation type '{value}'.", detail={"type": value}) from exc


def _check_endpoints(*, subject: str, rel: RelType, obj: str) -> None:
    """The vocabulary's allow-list (kg.vocabulary.ENDPOINTS), as the loader checks it: FINE_TUNES joins models ..."""
    if subject == obj:
        raise InvalidQuery("A relation needs two different entities.", detail={"subject": subject})
    labels = repository.entity_labels(keys=[subject, obj])
    for key in (subject, obj):
        if key not in labels:
            raise EntityNotFound(f"No entity with key '{key}'.", detail={"key": key})
    if not allows(rel, labels[subject], labels[obj]):
        raise InvalidQuery(
            f"{rel.kebab} cannot join a {labels[subject]} to a {labels[obj]}.",
            detail={"type": rel.kebab, "subject_label": labels[subject], "object_label": labels[obj]},
        )


def fact_decide(*, key: str, decision: str, expected_version: str | None = None) -> Change:
    """A curator accepts or rejects a fact; re-ingests never change it afterwards."""
    versions = {key: expected_version} if expected_version else None
    (change,) = facts_decide(keys=[key], decision=decision, versions=versions)
    return change


def facts_decide(*, keys: list[str], decision: str, versions: dict[str, str] | None = None) -> list[Change]:
    """Decide several facts in one transaction; refused whole when one is gone or, given its
    version, changed since it was read."""
    if decision not in DECISIONS:
        raise InvalidQuery("decision must be accepted or rejected.", detail={"decision": decision})
    if not keys:
        return []
    return repository.facts_decide(keys=keys, decision=decision, threshold=_threshold(), expected=versions)


def facts_accept_above(*, min_confidence: float, filters: dict | None = None) -> list[Change]:
    """Bulk accept: every still undecided, proposed fact at or above the confidence (within filters)."""
    plan = selectors.facts_accept_above_plan(min_confidence=min_confidence, filters=filters)
    return facts_decide(keys=[f.key for f in plan.facts], decision=Status.ACCEPTED.value)


def fact_create(*, subject: str, type: str, object: str, sources: tuple[dict, ...] = ()) -> Change:
    """A relation the curator states: accepted, and kept even when no document supports it. Each
    source is {"document": key, "quote": text found in it} or {"url": ..., "arxiv_id": ...}: shown
    as the fact's evidence; a quote the document does not contain refuses the whole fact."""
    rel = _rel_type(type)
    _check_endpoints(subject=subject, rel=rel, obj=object)
    state = {"subject": subject, "type": rel.value, "object": object, "decision": "accepted", "curated": True}
    return repository.fact_set(state=state, threshold=_threshold(), sources=sources)


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
    old = repository.fact_state(key=key)
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
    return repository.fact_replace(key=key, replacement=replacement, threshold=_threshold(), expected=expected_version)


def attribute_decide(*, key: str, decision: str, expected_version: str | None = None) -> Change:
    """A curator accepts or rejects an attribute value (every claim stating it); re-ingests keep it."""
    if decision not in DECISIONS:
        raise InvalidQuery("decision must be accepted or rejected.", detail={"decision": decision})
    return repository.attribute_decide(key=key, decision=decision, threshold=_threshold(), expected=expected_version)


def attribute_edit(*, key: str, value: str, expected_version: str | None = None) -> tuple[Change, Change]:
    """The curator's value replaces a claimed one: accepted, citing the original's sentence; the
    original value rejected. A value that reads as a number is stored as one (18e12, 7000000000)."""
    text = " ".join(str(value).split())
    if not text:
        raise InvalidQuery("The new value is empty.", detail={"key": key})
    parsed = attribute_value(text)
    if key.endswith("|" + json.dumps(parsed, ensure_ascii=False)):
        raise InvalidQuery("The edit changes nothing.", detail={"key": key})
    return repository.attribute_replace(key=key, value=parsed, threshold=_threshold(), expected=expected_version)


def attribute_value(text: str) -> int | float | str:
    """A curator's typed value as the pipeline stores values: an integer, a float, else the text."""
    for kind in (int, float):
        try:
            number = kind(text.replace("_", "").replace(",", ""))
        except ValueError:
            continue
        if kind is float and number.is_integer() and abs(number) < 2**63:
            return int(number)
        return number
    return text


def states_restore(*, restores: list[dict]) -> list[Change]:
    """Put facts and entities back as the audit log recorded them, all in one transaction. Each
    restore: kind ("fact" | "entity"), key, state (None: the entry created it), fallback (a fact's
    recorded state after the entry, to un-curate one it created) and expected (the fields the target
    must still have, else the whole revert is refused)."""
    steps = []
    for restore in restores:
        state = restore["state"]
        if restore["kind"] == "fact":
            state = state or dict(restore["fallback"], decision=None, curated=False)
            state = {k: state[k] for k in ("subject", "type", "object", "decision", "curated")}
        elif restore["kind"] == "attribute":
            # A value the entry first decided or made goes back to undecided, un-curated.
            state = {k: (state or {}).get(k) for k in ("decision", "curated")}
        steps.append({"kind": restore["kind"], "key": restore["key"], "state": state, "expected": restore["expected"]})
    return repository.states_restore(steps=steps, threshold=_threshold())


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
    return repository.entity_create(
        key=key, label=kind, name=name, aliases=_clean_aliases(aliases or [], name=name), threshold=_threshold()
    )


def entity_update(*, key: str, name: str | None = None, aliases: list[str] | None = None) -> Change:
    """Rename or set the curator's aliases; the pipeline's spellings stay as aliases too."""
    current = repository.entity_state(key=key)
    if current is None:
        raise EntityNotFound(f"No entity with key '{key}'.", detail={"key": key})
    new_name = " ".join((name or current["name"]).split())
    new_aliases = _clean_aliases(current["curated_aliases"] if aliases is None else aliases, name=new_name)
    if new_name != current["name"] and current["name"] not in new_aliases:
        new_aliases.append(current["name"])  # the old name still finds it
    return repository.entity_set(
        key=key, name=new_name, curated_aliases=new_aliases, curated=True, threshold=_threshold()
    )


def entity_merge(*, survivor: str, other: str, expected_plan: str | None = None) -> Change:
    """Fold `other` into `survivor`: facts, claims, mentions and aliases move; the old key redirects.
    The Change's `after["plan"]` says what moved where; its `before` keeps what an undo needs.
    Given a preview's plan version, refused (nothing written) when the merge would now differ."""
    return repository.entity_merge(survivor=survivor, other=other, threshold=_threshold(), expected_plan=expected_plan)


def entity_merge_preview(*, survivor: str, other: str) -> dict:
    """What the merge would do (its plan), found by running it and rolling it back."""
    change = repository.entity_merge_preview(survivor=survivor, other=other, threshold=_threshold())
    return change.after["plan"]


def entity_merge_undo(*, before: dict, after: dict) -> Change:
    """Undo a merge from what it recorded: the other entity, its facts, claims, mentions and aliases
    come back as they were and the redirect goes; refused when the graph changed since."""
    return repository.entity_merge_undo(before=before, after=after, threshold=_threshold())


def fact_state(*, key: str) -> dict | None:
    """What an audit entry records of a fact; a revert compares against it."""
    return repository.fact_state(key=key)


def entity_state(*, key: str) -> dict | None:
    """What an audit entry records of an entity (name, aliases, curated aliases, label)."""
    return repository.entity_state(key=key)

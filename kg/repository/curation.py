"""Curation transactions: decisions on facts, curated facts and entities, merges, the review queue.

Each write reads the state it changes inside the same transaction and returns it before and
after, so the audit log records exactly what happened, and ends with writes.sync like every path.
"""

import json
from collections.abc import Iterable
from typing import Any

from neo4j import ManagedTransaction

from kg.errors import Conflict, EntityNotFound
from kg.repository import driver, writes
from kg.repository import queries as q
from kg.text import fact_key, stable_id
from kg.types import Change, EntityRef, EvidenceInContext, FactReview, MergeSuggestion, ReviewPage
from kg.vocabulary import ATTRIBUTES, Label

CONTEXT_CHARS = 240


def _fact_state(tx: ManagedTransaction, key: str) -> dict | None:
    row = tx.run(q.FACT_STATE, key=key).single()
    return row.data() if row is not None else None


def fact_version(state: dict) -> str:
    """A short fingerprint of what a reviewer saw; a different one means the fact changed since."""
    parts = ("status", "decision", "curated", "confidence", "claims", "subject", "object")
    return stable_id(*(state.get(p) for p in parts))[:12]


def _entity_state(tx: ManagedTransaction, key: str) -> dict | None:
    row = tx.run(q.ENTITY_STATE, key=key).single()
    if row is None:
        return None
    state = row.data()
    props = state.pop("props")
    # Only descriptive attributes: timestamps and search bookkeeping are not JSON and not curated.
    allowed = ATTRIBUTES[Label(state["label"])]
    state["properties"] = {k: v for k, v in props.items() if k in allowed and v is not None}
    return state


def _require_fact(tx: ManagedTransaction, key: str, expected_version: str | None) -> dict:
    state = _fact_state(tx, key)
    if state is None or state["subject"] is None or state["object"] is None:
        raise EntityNotFound(f"No fact with key '{key}'.", detail={"key": key})
    if expected_version is not None and expected_version != fact_version(state):
        raise Conflict(
            "The fact changed since it was read; reload and try again.",
            detail={"key": key, "version": fact_version(state), "expected": expected_version},
        )
    return state


def _require_entity(tx: ManagedTransaction, key: str) -> dict:
    state = _entity_state(tx, key)
    if state is None:
        survivor = writes.resolve_redirects(tx, [key]).get(key)
        detail = {"key": key, "merged_into": survivor} if survivor else {"key": key}
        raise EntityNotFound(f"No entity with key '{key}'.", detail=detail)
    return state


def _sync(tx: ManagedTransaction, *, threshold: float, facts: Iterable[str] = (), entities: Iterable[str] = ()) -> None:
    writes.sync(tx, entity_keys=set(entities), fact_keys=set(facts), threshold=threshold)


# --- facts -----------------------------------------------------------------------------------


def _decide_tx(
    tx: ManagedTransaction, *, keys: list[str], decision: str | None, threshold: float, expected: str | None
) -> list[Change]:
    befores = [_require_fact(tx, key, expected) for key in keys]
    rows = [{"key": s["key"], "decision": decision, "curated": s["curated"]} for s in befores]
    tx.run(q.FACTS_SET_DECISION, rows=rows)
    _sync(tx, threshold=threshold, facts=set(keys))
    return [Change("fact", s["key"], s, _fact_state(tx, s["key"])) for s in befores]


def facts_decide(*, keys: list[str], decision: str | None, threshold: float, expected: str | None) -> list[Change]:
    return driver.write(lambda tx: _decide_tx(tx, keys=keys, decision=decision, threshold=threshold, expected=expected))


def _curate_fact(
    tx: ManagedTransaction, *, subject: str, type: str, object: str, decision: str | None, curated: bool
) -> str:
    key = fact_key(subject, type, object)
    params = dict(key=key, subject=subject, object=object, type=type, curated=curated, decision=decision)
    tx.run(q.FACT_CURATE, **params)
    return key


def _fact_set_tx(tx: ManagedTransaction, *, state: dict, threshold: float, expected: str | None) -> Change:
    """Create or restore a fact to `state` (subject, type, object, decision, curated)."""
    key = fact_key(state["subject"], state["type"], state["object"])
    before = _fact_state(tx, key)
    if expected is not None and before is not None and fact_version(before) != expected:
        raise Conflict("The fact changed since it was read.", detail={"key": key, "version": fact_version(before)})
    for endpoint in (state["subject"], state["object"]):
        _require_entity(tx, endpoint)
    _curate_fact(
        tx,
        subject=state["subject"],
        type=state["type"],
        object=state["object"],
        decision=state.get("decision"),
        curated=bool(state.get("curated")),
    )
    _sync(tx, threshold=threshold, facts={key}, entities={state["subject"], state["object"]})
    return Change("fact", key, before, _fact_state(tx, key))


def fact_set(*, state: dict, threshold: float, expected: str | None = None) -> Change:
    return driver.write(lambda tx: _fact_set_tx(tx, state=state, threshold=threshold, expected=expected))


def _fact_replace_tx(
    tx: ManagedTransaction, *, key: str, replacement: dict, threshold: float, expected: str | None
) -> tuple[Change, Change]:
    """An edit: the corrected fact is the curator's, the original is rejected; one transaction."""
    old = _require_fact(tx, key, expected)
    new = _fact_set_tx(
        tx, state=dict(replacement, decision="accepted", curated=True), threshold=threshold, expected=None
    )
    tx.run(q.FACTS_SET_DECISION, rows=[{"key": key, "decision": "rejected", "curated": old["curated"]}])
    _sync(tx, threshold=threshold, facts={key}, entities={old["subject"], old["object"]})
    return Change("fact", key, old, _fact_state(tx, key)), new


def fact_replace(*, key: str, replacement: dict, threshold: float, expected: str | None) -> tuple[Change, Change]:
    return driver.write(
        lambda tx: _fact_replace_tx(tx, key=key, replacement=replacement, threshold=threshold, expected=expected)
    )


def fact_state(*, key: str) -> dict | None:
    return driver.read(lambda tx: _fact_state(tx, key))


def entity_state(*, key: str) -> dict | None:
    return driver.read(lambda tx: _entity_state(tx, key))


def entity_labels(*, keys: list[str]) -> dict[str, str]:
    rows = driver.read(lambda tx: [r.data() for r in tx.run(q.ENTITIES_EXISTING, keys=keys)])
    return {row["key"]: row["label"] for row in rows}


# --- entities --------------------------------------------------------------------------------


def _entity_create_tx(
    tx: ManagedTransaction, *, key: str, label: Label, name: str, aliases: list[str], threshold: float
) -> Change:
    if _entity_state(tx, key) is not None or writes.resolve_redirects(tx, [key]):
        raise Conflict(f"The key '{key}' is already taken.", detail={"key": key})
    tx.run(q.ENTITY_CREATE[label], key=key, name=name, aliases=aliases)
    _sync(tx, threshold=threshold, entities={key})
    return Change("entity", key, None, _entity_state(tx, key))


def entity_create(*, key: str, label: Label, name: str, aliases: list[str], threshold: float) -> Change:
    return driver.write(
        lambda tx: _entity_create_tx(tx, key=key, label=label, name=name, aliases=aliases, threshold=threshold)
    )


def _entity_set_tx(
    tx: ManagedTransaction, *, key: str, name: str, curated_aliases: list[str], curated: bool, threshold: float
) -> Change:
    before = _require_entity(tx, key)
    tx.run(q.ENTITY_CURATE, key=key, name=name, curated_aliases=curated_aliases, curated=curated)
    _sync(tx, threshold=threshold, entities={key})
    return Change("entity", key, before, _entity_state(tx, key))


def entity_set(*, key: str, name: str, curated_aliases: list[str], curated: bool, threshold: float) -> Change:
    return driver.write(
        lambda tx: _entity_set_tx(
            tx, key=key, name=name, curated_aliases=curated_aliases, curated=curated, threshold=threshold
        )
    )


def _data(tx: ManagedTransaction, query: str, **params: Any) -> list[dict]:
    return [record.data() for record in tx.run(query, **params)]


def _merge_facts(tx: ManagedTransaction, *, survivor: str, other: str) -> tuple[dict[str, str | None], set[str]]:
    """Re-key the other entity's facts onto the survivor; returns old key → new key (None: dropped)."""
    moved: dict[str, str | None] = {}
    entities: set[str] = set()
    for fact in _data(tx, q.ENTITY_FACTS, key=other):
        subject = survivor if fact["subject"] == other else fact["subject"]
        obj = survivor if fact["object"] == other else fact["object"]
        entities |= {subject, obj}
        if subject == obj:
            tx.run(q.FACT_DROP, key=fact["key"])
            moved[fact["key"]] = None
            continue
        new_key = fact_key(subject, fact["type"], obj)
        if _fact_state(tx, new_key) is not None:
            tx.run(q.FACT_FOLD, **{"from": fact["key"], "to": new_key, "subject": subject, "object": obj})
        else:
            tx.run(q.FACT_REKEY, **{"from": fact["key"], "to": new_key, "survivor": survivor, "other": other})
        moved[fact["key"]] = new_key
    return moved, entities


def _entity_merge_tx(tx: ManagedTransaction, *, survivor: str, other: str, threshold: float) -> Change:
    if survivor == other:
        raise Conflict("An entity cannot be merged into itself.", detail={"survivor": survivor, "other": other})
    kept, gone = _require_entity(tx, survivor), _require_entity(tx, other)
    if kept["label"] != gone["label"]:
        raise Conflict(
            f"Cannot merge a {gone['label']} into a {kept['label']}.",
            detail={"survivor": survivor, "other": other, "labels": [kept["label"], gone["label"]]},
        )
    moved, entities = _merge_facts(tx, survivor=survivor, other=other)
    tx.run(q.MENTIONS_MOVE, survivor=survivor, other=other)
    tx.run(q.ATTRIBUTE_CLAIMS_MOVE, survivor=survivor, other=other)
    tx.run(q.REDIRECTS_REPOINT, survivor=survivor, other=other)
    names = [*kept["curated_aliases"], gone["name"], *gone["aliases"], *gone["curated_aliases"]]
    aliases = [a for a in dict.fromkeys(names) if a and a != kept["name"]]
    props = {k: v for k, v in gone["properties"].items() if k not in kept["properties"]}
    tx.run(q.ENTITY_ABSORB, survivor=survivor, other=other, curated_aliases=aliases, props=props)
    _sync(tx, threshold=threshold, facts={k for k in moved.values() if k}, entities=entities | {survivor})
    after = dict(_entity_state(tx, survivor), merged=other, facts=moved)
    return Change("entity", survivor, {"survivor": kept, "other": gone}, after)


def entity_merge(*, survivor: str, other: str, threshold: float) -> Change:
    return driver.write(lambda tx: _entity_merge_tx(tx, survivor=survivor, other=other, threshold=threshold))


# --- reads for the review screens ------------------------------------------------------------


def _review_fact(row: dict) -> FactReview:
    state = {
        "status": row["status"],
        "decision": row["decision"],
        "curated": row["curated"],
        "confidence": row["confidence"],
        "claims": row["claims"],
        "subject": row["subject"]["key"],
        "object": row["object"]["key"],
    }
    evidence = tuple(
        EvidenceInContext(
            quote=e["quoted"] or e["quote"],
            before=e["before"],
            after=e["after"],
            start=e["start"],
            end=e["end"],
            document_key=e["document_key"] or "",
            document_title=e["document_title"] or e["document_key"] or "",
            language=e["language"] or "",
            extractor=e["extractor"] or "",
            confidence=e["confidence"] if e["confidence"] is not None else 1.0,
        )
        for e in row["evidence"]
    )
    return FactReview(
        key=row["key"],
        type=row["type"],
        subject=EntityRef(**row["subject"]),
        object=EntityRef(**row["object"]),
        status=row["status"],
        decision=row["decision"],
        curated=row["curated"],
        confidence=row["confidence"] if row["confidence"] is not None else 1.0,
        version=fact_version(state),
        evidence=evidence,
    )


def facts_review(*, filters: dict, skip: int, limit: int) -> ReviewPage:
    params = {
        "status": None,
        "type": None,
        "min_confidence": None,
        "max_confidence": None,
        "entity": None,
        "keys": None,
        "document": None,
        **filters,
    }

    def work(tx: ManagedTransaction) -> ReviewPage:
        total = tx.run(q.FACTS_REVIEW_COUNT, **params).single()["total"]
        rows = _data(tx, q.FACTS_REVIEW, **params, skip=skip, limit=limit, context=CONTEXT_CHARS)
        return ReviewPage(facts=tuple(_review_fact(r) for r in rows), total=total)

    return driver.read(work)


def merge_suggestions() -> list[MergeSuggestion]:
    """The pipeline's near-duplicate proposals whose two sides are still separate entities."""

    def work(tx: ManagedTransaction) -> list[MergeSuggestion]:
        proposals = []
        for row in _data(tx, q.MERGE_PROPOSALS):
            for p in json.loads(row["report"] or "{}").get("merge_proposals") or []:
                proposals.append((row["document_key"], p))
        keys = sorted({k for _, p in proposals for k in (p["key"], p["other_key"])})
        redirect = writes.resolve_redirects(tx, keys)
        existing = {r["key"]: r for r in _data(tx, q.ENTITIES_EXISTING, keys=[redirect.get(k, k) for k in keys])}
        seen, out = set(), []
        for document_key, p in proposals:
            left, right = redirect.get(p["key"], p["key"]), redirect.get(p["other_key"], p["other_key"])
            pair = tuple(sorted((left, right)))
            if left == right or pair in seen or left not in existing or right not in existing:
                continue
            if existing[left]["label"] != existing[right]["label"]:
                continue
            seen.add(pair)
            out.append(
                MergeSuggestion(
                    key=left,
                    other_key=right,
                    label=existing[left]["label"],
                    name=existing[left]["props"].get("name", left),
                    other_name=existing[right]["props"].get("name", right),
                    score=float(p.get("score") or 0.0),
                    reason=str(p.get("reason") or ""),
                    document_key=document_key,
                )
            )
        return out

    return driver.read(work)

"""Write transaction functions: document load and delete, and the sync of derived graph state.

Claims are the evidence; Facts are what claims support; the typed edges that lineage pages walk
and node attributes are derived from them by `sync`, so every write path ends the same way.
"""

from collections import defaultdict
from dataclasses import asdict
from typing import Any

from neo4j import ManagedTransaction

from kg.repository import queries as q
from kg.text import fact_key, search_text, stable_id
from kg.types import DocumentIn, LoadResult
from kg.values import Statement, best_value, released_before
from kg.vocabulary import ATTRIBUTES, LINEAGE_TYPES, Conflict, Label, RelType, Status


def _data(tx: ManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    return [record.data() for record in tx.run(query, **params)]


def resolve_redirects(tx: ManagedTransaction, keys: list[str]) -> dict[str, str]:
    """Map merged-away keys to their survivors (a redirect may point at another redirect)."""
    mapping: dict[str, str] = {}
    pending = set(keys)
    for _ in range(10):
        rows = _data(tx, q.REDIRECTS_RESOLVE, keys=sorted(pending))
        if not rows:
            break
        pending = set()
        for row in rows:
            mapping[row["from_key"]] = row["to_key"]
            pending.add(row["to_key"])
    for key, target in list(mapping.items()):
        while target in mapping:
            target = mapping[target]
        mapping[key] = target
    return mapping


def load_document(tx: ManagedTransaction, *, doc: DocumentIn, threshold: float) -> LoadResult:
    """Replace one document's statements with `doc`'s, in one transaction; same input, no change."""
    state = tx.run(q.DOCUMENT_STATE, key=doc.key).single()
    if state and state["sha256"] == doc.sha256 and state["extractor_version"] == doc.extractor_version:
        return LoadResult(document_key=doc.key, changed=False, entities=0, facts=0, claims=0)
    touched_entities, touched_facts = _footprint(tx, doc.key)
    tx.run(q.DOCUMENT_CLEAR_STATEMENTS, key=doc.key)
    props = dict(
        doc.properties,
        title=doc.title,
        language=doc.language,
        sha256=doc.sha256,
        text=doc.text,
        extractor_version=doc.extractor_version,
    )
    tx.run(q.DOCUMENT_UPSERT, key=doc.key, props=props)

    redirect = resolve_redirects(tx, [e.key for e in doc.entities])
    labels = _upsert_entities(tx, doc, redirect)
    claims = _write_facts(tx, doc, redirect, labels)
    _write_attributes(tx, doc, redirect, labels)
    new_facts = {
        fact_key(redirect.get(f.subject, f.subject), f.type, redirect.get(f.object, f.object)) for f in doc.facts
    }
    sync(tx, entity_keys=touched_entities | set(labels), fact_keys=touched_facts | new_facts, threshold=threshold)
    return LoadResult(document_key=doc.key, changed=True, entities=len(labels), facts=len(new_facts), claims=claims)


def delete_document(tx: ManagedTransaction, *, key: str, threshold: float) -> bool:
    """Remove a document and what only it supported; facts other documents state stay."""
    if tx.run(q.DOCUMENT_STATE, key=key).single() is None:
        return False
    touched_entities, touched_facts = _footprint(tx, key)
    tx.run(q.DOCUMENT_CLEAR_STATEMENTS, key=key)
    tx.run(q.DOCUMENT_DELETE, key=key)
    sync(tx, entity_keys=touched_entities, fact_keys=touched_facts, threshold=threshold)
    return True


def _footprint(tx: ManagedTransaction, key: str) -> tuple[set[str], set[str]]:
    row = tx.run(q.DOCUMENT_FOOTPRINT, key=key).single()
    if row is None:
        return set(), set()
    return set(row["entities"]), set(row["facts"])


def _upsert_entities(tx: ManagedTransaction, doc: DocumentIn, redirect: dict[str, str]) -> dict[str, str]:
    """Create or enrich the document's entities; an existing node keeps its label and curated values."""
    keys = sorted({redirect.get(e.key, e.key) for e in doc.entities})
    existing = {row["key"]: row for row in _data(tx, q.ENTITIES_EXISTING, keys=keys)}
    rows_by_label: dict[Label, list[dict]] = defaultdict(list)
    mentions: dict[str, dict] = {}
    labels: dict[str, str] = {}
    for entity in doc.entities:
        key = redirect.get(entity.key, entity.key)
        label = Label(existing[key]["label"]) if key in existing else Label(entity.label)
        if key in labels and labels[key] != label.value:
            continue
        labels[key] = label.value
        current = existing.get(key, {}).get("props", {})
        allowed = set(ATTRIBUTES[label])
        props = {k: v for k, v in entity.properties.items() if k in allowed and k not in current and v is not None}
        rows_by_label[label].append({"key": key, "name": entity.name, "props": props})
        entry = mentions.setdefault(key, {"key": key, "spans": [], "aliases": [], "count": 0})
        for start, end in entity.mention_spans:
            entry["spans"] += [start, end]
        entry["count"] += len(entity.mention_spans)
        entry["aliases"] = sorted(set(entry["aliases"]) | set(entity.aliases) | {entity.name})
    for label, rows in rows_by_label.items():
        tx.run(q.ENTITY_UPSERT[label], rows=rows)
    tx.run(q.MENTIONS_UPSERT, document_key=doc.key, rows=list(mentions.values()))
    return labels


def _write_facts(tx: ManagedTransaction, doc: DocumentIn, redirect: dict[str, str], labels: dict[str, str]) -> int:
    fact_rows: dict[str, dict] = {}
    claim_rows: dict[str, dict] = {}
    for fact in doc.facts:
        subject, obj = redirect.get(fact.subject, fact.subject), redirect.get(fact.object, fact.object)
        if subject not in labels or obj not in labels or subject == obj:
            continue
        key = fact_key(subject, RelType(fact.type).value, obj)
        fact_rows[key] = {"key": key, "type": fact.type, "subject": subject, "object": obj}
        for claim in fact.claims:
            claim_key = stable_id(doc.key, key, claim.start, claim.end)
            claim_rows[claim_key] = {"key": claim_key, "fact_key": key, "props": _claim_props(claim)}
    tx.run(q.FACTS_UPSERT, rows=list(fact_rows.values()))
    tx.run(q.RELATION_CLAIMS_CREATE, document_key=doc.key, rows=list(claim_rows.values()))
    return len(claim_rows)


def _claim_props(claim) -> dict:
    """A claim's stored properties. Its lineage kind is kept as `lineage_kind`: a Claim node's `kind`
    already says whether it is a relation's or an attribute's claim."""
    props = asdict(claim)
    props["lineage_kind"] = props.pop("kind")
    return props


def _write_attributes(
    tx: ManagedTransaction, doc: DocumentIn, redirect: dict[str, str], labels: dict[str, str]
) -> None:
    rows = {}
    for attr in doc.attributes:
        entity = redirect.get(attr.entity, attr.entity)
        if entity not in labels or attr.name not in ATTRIBUTES[Label(labels[entity])]:
            continue
        key = stable_id(doc.key, entity, attr.name, attr.claim.start, attr.claim.end)
        props = dict(_claim_props(attr.claim), attribute=attr.name, value=attr.value, status=Status.PROPOSED.value)
        rows[key] = {"key": key, "entity": entity, "props": props}
    tx.run(q.ATTRIBUTE_CLAIMS_CREATE, document_key=doc.key, rows=list(rows.values()))


def sync(tx: ManagedTransaction, *, entity_keys: set[str], fact_keys: set[str], threshold: float) -> None:
    """Recompute derived state for what changed: fact status, typed edges, aliases, attributes."""
    _sync_facts(tx, sorted(fact_keys), threshold)
    redated = _sync_entities(tx, sorted(entity_keys), threshold)
    if redated:
        # A release date moved: whether a child came out before its parent may have changed with it.
        rows = _data(tx, q.LINEAGE_FACTS_OF, keys=sorted(redated), types=[t.value for t in LINEAGE_TYPES])
        _sync_facts(tx, sorted(row["key"] for row in rows), threshold)
    # Every write ends here, so this is where the graph's version (ETags, Last-Modified) moves.
    tx.run(q.GRAPH_STATE_BUMP)


def _sync_facts(tx: ManagedTransaction, keys: list[str], threshold: float) -> None:
    keep: dict[RelType, list[dict]] = defaultdict(list)
    drop: dict[RelType, list[dict]] = defaultdict(list)
    orphans, statuses = [], []
    for row in _data(tx, q.FACTS_STATE, keys=keys):
        rel = RelType(row["type"])
        edge = {"key": row["key"], "subject": row["subject"], "object": row["object"]}
        # A fact no claim supports goes, unless a curator made it or decided on it: the decision
        # must outlive the document, so a later re-ingest stating it again meets it.
        if row["claims"] == 0 and not row["curated"] and not row["decision"]:
            orphans.append(row["key"])
            drop[rel].append(edge)
            continue
        confidence = row["confidence"] if row["confidence"] is not None else 1.0
        conflict = _conflict(rel, row)
        # A conflict goes to the review queue however sure the extractor was; a curator settles it.
        automatic = Status.ACCEPTED if confidence >= threshold and not conflict else Status.PROPOSED
        status = row["decision"] or automatic.value
        kind = _fact_kind(row["kinds"])
        state = {"status": status, "confidence": confidence, "kind": kind, "conflict": conflict}
        statuses.append({"key": row["key"], **state})
        target = drop if status == Status.REJECTED else keep
        target[rel].append(dict(edge, **state))
    tx.run(q.FACTS_SET_STATUS, rows=statuses)
    for rel, rows in drop.items():
        tx.run(q.EDGE_DELETE[rel], rows=rows)
    for rel, rows in keep.items():
        tx.run(q.EDGE_MERGE[rel], rows=rows)
    tx.run(q.FACTS_DELETE, keys=orphans)


def _conflict(rel: RelType, row: dict) -> str | None:
    """What is wrong with a fact on its face: a lineage child released before its parent."""
    if rel in LINEAGE_TYPES and released_before(row["subject_released"], row["object_released"]):
        return Conflict.RELEASED_BEFORE_PARENT.value
    return None


def _fact_kind(kinds: list[list]) -> str | None:
    """The lineage kind most of a fact's claims say (summed confidence settles a tie); None when
    no claim says one."""
    weight: dict[str, float] = defaultdict(float)
    for kind, confidence in kinds:
        weight[kind] += 1 + (confidence or 0.0) / 10
    return max(sorted(weight), key=weight.__getitem__) if weight else None


def _best_attributes(claims: list[dict], threshold: float) -> dict[str, object]:
    """Per attribute, the value a reader would take from the sources (kg.values.best_value)."""
    stated: dict[str, list[Statement]] = defaultdict(list)
    for claim in claims:
        if claim["status"] == Status.REJECTED:
            continue
        confidence = claim["confidence"] if claim["confidence"] is not None else 0.0
        stated[claim["name"]].append(
            Statement(
                value=claim["value"],
                document=claim.get("document") or "",
                accepted=claim["status"] == Status.ACCEPTED or confidence >= threshold,
                confidence=confidence,
                created_at=claim["created_at"] or "",
            )
        )
    return {name: best_value(statements) for name, statements in stated.items()}


def _sync_entities(tx: ManagedTransaction, keys: list[str], threshold: float) -> set[str]:
    """Recompute aliases and attribute values; returns the entities whose release date changed."""
    updates, orphans, redated = [], [], set()
    for row in _data(tx, q.ENTITIES_STATE, keys=keys):
        if row["mentions"] == 0 and row["facts"] == 0 and not row["attribute_claims"] and not row["curated"]:
            orphans.append(row["key"])
            continue
        aliases = dict.fromkeys([row["name"], *row["curated_aliases"]])
        for seen in row["mention_aliases"]:
            aliases.update(dict.fromkeys(seen))
        values = _best_attributes(row["attribute_claims"], threshold)
        # Values only claims supported are removed (set to null) once no claim supports them.
        attributes = {name: values.get(name) for name in set(row["claimed_attributes"]) | set(values)}
        if "released" in attributes and _as_text(attributes["released"]) != row["released"]:
            redated.add(row["key"])
        updates.append(
            {
                "key": row["key"],
                "aliases": list(aliases),
                "search_text": search_text(list(aliases)),
                "attributes": attributes,
                "claimed_attributes": sorted(values),
            }
        )
    tx.run(q.ENTITIES_UPDATE, rows=updates)
    tx.run(q.ENTITIES_DELETE, keys=orphans)
    return redated


def _as_text(value: object) -> str | None:
    """A value as Cypher's toString() shows it, to compare with one read back."""
    return None if value is None else str(value)

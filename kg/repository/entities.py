"""Entities: one entity with its relations and attribute claims, keyset-paged lists, where a key
lives (itself, a merge redirect, an alias), every claim about one, full-text search, and models
side by side. A curator's view of one (entity_state_tx) is here too; edits are in entity_writes.
"""

from neo4j import ManagedTransaction

from kg.errors import EntityNotFound
from kg.repository.cypher import (
    AFTER_IN_DOCUMENT_ORDER,
    ANY_RELATION,
    DOCUMENT_ORDER,
    EVIDENCE_COUNT,
    EVIDENCE_MAP,
    EVIDENCE_SCAN,
    FACT_MAP,
    LABEL_OF,
    LINEAGE_MAX_DEPTH,
    LINEAGE_PATTERN,
    SETTLED_OR_SHOWN,
    SHOWN,
    STRONGEST_FIRST,
    after_cursor,
    attribute_claims,
    fact_evidence,
    filters_in_one_map,
)
from kg.repository.records import after_params, data, entity, evidence, fact_record, facts_of, page, ref, relation
from kg.rules import curated_properties, review_floor
from kg.types import (
    ENTITY_LIST_FILTERS,
    ClaimRecord,
    Entity,
    EntityListQuery,
    EntityLocation,
    EntityRef,
    EntitySummary,
    ModelSummary,
    Page,
    Position,
    SearchHit,
)
from kg.vocabulary import LINEAGE_TYPES, Label, RelType

# --- keys: redirects left by merges, existing entities ------------------------------------------

REDIRECTS_RESOLVE = """
UNWIND $keys AS k
MATCH (r:Redirect {from_key: k})
RETURN r.from_key AS from_key, r.to_key AS to_key
"""

ENTITIES_EXISTING = f"""
UNWIND $keys AS k
MATCH (e:Entity {{key: k}})
RETURN e.key AS key, {LABEL_OF.format("e")} AS label, properties(e) AS props
"""


def resolve_redirects(tx: ManagedTransaction, keys: list[str]) -> dict[str, str]:
    """Map merged-away keys to their survivors (a redirect may point at another redirect)."""
    mapping: dict[str, str] = {}
    pending = set(keys)
    for _ in range(10):
        rows = data(tx, REDIRECTS_RESOLVE, keys=sorted(pending))
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


def redirects_tx(tx: ManagedTransaction, *, keys: list[str]) -> dict[str, str]:
    return resolve_redirects(tx, keys)


def labels_tx(tx: ManagedTransaction, *, keys: list[str]) -> dict[str, str]:
    return {row["key"]: row["label"] for row in data(tx, ENTITIES_EXISTING, keys=keys)}


# --- one entity ---------------------------------------------------------------------------------

ENTITY_GET = """
MATCH (e:Entity {key: $key})
CALL (e) {
  OPTIONAL MATCH (e)-[:MENTIONED_IN]->(d:Document)
  RETURN collect({key: d.key, title: d.title, language: d.language}) AS documents
}
RETURN e.key AS key, [l IN labels(e) WHERE l <> 'Entity'][0] AS label, properties(e) AS props,
       [doc IN documents WHERE doc.key IS NOT NULL] AS documents
"""

# Relations of one entity in both directions, with their evidence (the strongest few and how many),
# unreviewed ones optional.
ENTITY_RELATIONS = f"""
MATCH (e:Entity {{key: $key}})
MATCH (f:Fact)-[:SUBJECT|OBJECT]->(e)
WHERE f.status <> 'rejected' AND {SHOWN.format("f")}
MATCH (f)-[:SUBJECT]->(s:Entity)
MATCH (f)-[:OBJECT]->(o:Entity)
// Order and cut first, then fetch evidence for the kept facts only.
WITH f, s, o ORDER BY f.type, o.name, s.name LIMIT $limit
{fact_evidence(STRONGEST_FIRST)}
RETURN f.key AS key, f.type AS type, f.status AS status, f.confidence AS confidence,
       f.kind AS kind, f.conflict AS conflict,
       {{key: s.key, name: s.name, label: {LABEL_OF.format("s")}}} AS subject,
       {{key: o.key, name: o.name, label: {LABEL_OF.format("o")}}} AS object,
       evidence, {EVIDENCE_COUNT} AS evidence_count
"""

# Rejected claims are never shown; unreviewed ones (not settled) only down to the floor.
ENTITY_ATTRIBUTE_CLAIMS = f"""
MATCH (e:Entity {{key: $key}})
{attribute_claims(shown=SETTLED_OR_SHOWN)}
RETURN attributes
"""

# Quotes per relation and claims per attribute an entity read carries (the evidence API has them all).
ENTITY_EVIDENCE = 5
ENTITY_ATTRIBUTE_CLAIMS_LIMIT = 20

# The state an audit entry records and a revert restores.
ENTITY_STATE = f"""
MATCH (e:Entity {{key: $key}})
RETURN e.key AS key, {LABEL_OF.format("e")} AS label, e.name AS name,
       coalesce(e.aliases, []) AS aliases, coalesce(e.curated_aliases, []) AS curated_aliases,
       coalesce(e.curated, false) AS curated, properties(e) AS props
"""


def get_tx(tx: ManagedTransaction, *, key: str, include_unreviewed: bool | float, relation_limit: int) -> Entity | None:
    row = tx.run(ENTITY_GET, key=key).single()
    if row is None:
        return None
    floor = review_floor(include_unreviewed)
    rows = tx.run(
        ENTITY_RELATIONS,
        key=key,
        floor=floor,
        limit=relation_limit,
        evidence_limit=ENTITY_EVIDENCE,
        evidence_scan=EVIDENCE_SCAN,
    )
    relations = [relation(r) for r in rows]
    attributes = tx.run(
        ENTITY_ATTRIBUTE_CLAIMS, key=key, floor=floor, attribute_claims=ENTITY_ATTRIBUTE_CLAIMS_LIMIT
    ).single()
    return entity(
        _settled_only(row, floor), relations=relations, attributes=attributes["attributes"] if attributes else []
    )


def _settled_only(row: dict, floor: float) -> dict:
    """Without unreviewed statements (a floor above any confidence), a value no settled claim
    states is not the entity's property."""
    unsettled = set(row["props"].get("unsettled_attributes") or ())
    if floor <= 1.0 or not unsettled:
        return row
    return dict(row, props={k: v for k, v in row["props"].items() if k not in unsettled})


def entity_state_tx(tx: ManagedTransaction, *, key: str) -> dict | None:
    row = tx.run(ENTITY_STATE, key=key).single()
    if row is None:
        return None
    state = row.data()
    state["properties"] = curated_properties(state["label"], state.pop("props"))
    return state


def require_entity(tx: ManagedTransaction, key: str) -> dict:
    """An entity's state, or EntityNotFound (saying where a merged-away key went)."""
    state = entity_state_tx(tx, key=key)
    if state is None:
        survivor = resolve_redirects(tx, [key]).get(key)
        detail = {"key": key, "merged_into": survivor} if survivor else {"key": key}
        raise EntityNotFound(f"No entity with key '{key}'.", detail=detail)
    return state


# --- where a key lives --------------------------------------------------------------------------

# The entity itself (with its label) ...
ENTITY_LABEL = f"MATCH (e:Entity {{key: $key}}) RETURN e.key AS key, {LABEL_OF.format('e')} AS label"

# ... or the entities carrying it as an exact alias (two rows are enough to call it ambiguous).
ENTITIES_BY_ALIAS = f"""
MATCH (e:Entity) WHERE $alias IN e.aliases
RETURN e.key AS key, {LABEL_OF.format("e")} AS label
ORDER BY key
LIMIT 2
"""


def locate_tx(tx: ManagedTransaction, *, key: str) -> EntityLocation | None:
    """The entity a key names: itself, else a merge survivor, else the single owner of that alias;
    then the same for the key in lower case (keys are lower-case slugs: LLaMA is llama)."""
    for candidate in dict.fromkeys((key, key.casefold())):
        location = _locate(tx, candidate)
        if location is not None:
            return location
    return None


def _locate(tx: ManagedTransaction, key: str) -> EntityLocation | None:
    row = tx.run(ENTITY_LABEL, key=key).single()
    if row is not None:
        return EntityLocation(key=row["key"], label=row["label"], via="key")
    target = resolve_redirects(tx, [key]).get(key)
    if target is not None:
        row = tx.run(ENTITY_LABEL, key=target).single()
        return EntityLocation(key=row["key"], label=row["label"], via="redirect") if row else None
    owners = data(tx, ENTITIES_BY_ALIAS, alias=key)
    if len(owners) == 1:
        return EntityLocation(key=owners[0]["key"], label=owners[0]["label"], via="alias")
    return None


ENTITY_NAMES = "UNWIND $keys AS k MATCH (e:Entity {key: k}) RETURN e.key AS key, e.name AS name"


def lookup_tx(tx: ManagedTransaction, *, keys: list[str]) -> dict[str, tuple[EntityLocation, str]]:
    """Several keys at once, in one transaction: each found as locate_tx finds one, with its name."""
    located = {key: location for key in keys if (location := locate_tx(tx, key=key)) is not None}
    keys_found = sorted({location.key for location in located.values()})
    names = {row["key"]: row["name"] for row in data(tx, ENTITY_NAMES, keys=keys_found)}
    return {key: (location, names.get(location.key) or location.key) for key, location in located.items()}


# --- lists --------------------------------------------------------------------------------------

# Sort expressions of the list orderings (the API's allow-list maps onto these names); every row
# sorts as (value missing, value, key) so nulls come last either way and pages never overlap.
# "models" counts the models linked to an entity of another label (_MODELS_VIA): a degree lookup.
_ENTITY_SORT = {
    "name": "toLower(coalesce(e.name, e.key))",
    "released": "toStringOrNull(e.released)",
    "parameters": "toFloatOrNull(e.parameters)",
    "models": "models",
}
ENTITY_ORDERINGS = tuple(f"{sign}{name}" for name in _ENTITY_SORT for sign in ("", "-"))

# How a model links to an entity of each other label: the list's "models" column counts these.
_MODELS_VIA = {
    Label.ORGANIZATION: RelType.DEVELOPED_BY,
    Label.TECHNIQUE: RelType.USES,
    Label.PAPER: RelType.INTRODUCED_IN,
    Label.DATASET: RelType.TRAINED_ON,
}
# Per row: organizations and parents shown (the rest is on the entity's page), descendants counted.
LIST_LINKS = 5
LIST_DESCENDANTS_CAP = 1000


def _list_columns(label: Label) -> str:
    """The columns of one page's rows, computed after the page is cut: a model's organizations,
    lineage parents and descendants (distinct, counted up to $cap); another label's models."""
    if label != Label.MODEL:
        return f"""
CALL (e) {{
  OPTIONAL MATCH (e)-[:{RelType.DEVELOPED_BY.value}|{RelType.PUBLISHED_BY.value}]->(o:Organization)
  WITH o ORDER BY o.name LIMIT $links
  RETURN collect(o {{.key, .name}}) AS organizations
}}
WITH e, sort, models, organizations, [] AS parents, null AS descendants"""
    return f"""
CALL (e) {{
  OPTIONAL MATCH (e)-[:{RelType.DEVELOPED_BY.value}]->(o:Organization)
  WITH o ORDER BY o.name LIMIT $links
  RETURN collect(o {{.key, .name}}) AS organizations
}}
CALL (e) {{
  OPTIONAL MATCH (e)-[:{LINEAGE_PATTERN}]->(p:Model)
  WITH DISTINCT p ORDER BY p.name LIMIT $links
  RETURN collect(p {{.key, .name}}) AS parents
}}
CALL (e) {{
  OPTIONAL MATCH (e)<-[:{LINEAGE_PATTERN}*1..{LINEAGE_MAX_DEPTH}]-(d:Model)
  WITH DISTINCT d LIMIT $cap
  RETURN count(d) AS descendants
}}
WITH e, sort, models, organizations, parents, descendants"""


def _entity_list(label: Label, ordering: str) -> str:
    name = ordering.lstrip("-")
    descending = ordering.startswith("-")
    direction = "DESC" if descending else "ASC"
    via = _MODELS_VIA.get(label)
    models = f"COUNT {{ (e)<-[:{via.value}]-() }}" if via else "null"
    return f"""
{_list_match(label)}
WITH e, {models} AS models
WITH e, models, {_ENTITY_SORT[name]} AS sort
WHERE {after_cursor("e", descending)}
WITH e, models, sort ORDER BY sort IS NULL, sort {direction}, e.key LIMIT $limit
{_list_columns(label)}
RETURN e.key AS key, {LABEL_OF.format("e")} AS label, properties(e) AS props, sort,
       organizations, parents, descendants, models,
       COUNT {{ (e)-[:MENTIONED_IN]->(:Document) }} AS sources
ORDER BY sort IS NULL, sort {direction}, key
"""


def _list_match(label: Label) -> str:
    """The entities of one label a list's filters keep (a page and its count read the same)."""
    return f"""MATCH (e:{label.value})
WHERE ($prefix IS NULL OR toLower(e.name) STARTS WITH $prefix
       OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) STARTS WITH $prefix))
  AND ($organization IS NULL
       OR EXISTS {{ (e)-[:DEVELOPED_BY|PUBLISHED_BY]->(:Organization {{key: $organization}}) }})
  AND ($technique IS NULL OR EXISTS {{ (e)-[:USES]->(:Technique {{key: $technique}}) }})
  AND ($released_from IS NULL OR toIntegerOrNull(left(toStringOrNull(e.released), 4)) >= $released_from)
  AND ($released_to IS NULL OR toIntegerOrNull(left(toStringOrNull(e.released), 4)) <= $released_to)
  AND ($parameters_min IS NULL OR toFloatOrNull(e.parameters) >= $parameters_min)
  AND ($parameters_max IS NULL OR toFloatOrNull(e.parameters) <= $parameters_max)
  AND ($has_lineage IS NULL OR EXISTS {{ (e)-[:{LINEAGE_PATTERN}]-(:Model) }} = $has_lineage)"""


_LIST_FILTERS = ("prefix", *ENTITY_LIST_FILTERS, "after_value", "after_key")
ENTITY_LIST: dict[tuple[Label, str], str] = {
    (label, ordering): filters_in_one_map(_entity_list(label, ordering), *_LIST_FILTERS)
    for label in Label
    for ordering in ENTITY_ORDERINGS
}


# How many entities a list's filters keep, counted up to $count_cap + 1 (then the count is the cap).
LIST_COUNT_CAP = 10_000
ENTITY_COUNT: dict[Label, str] = {
    label: filters_in_one_map(
        f"{_list_match(label)}\nWITH e LIMIT $count_cap + 1 RETURN count(e) AS count", *_LIST_FILTERS
    )
    for label in Label
}


def _refs(rows: list[dict]) -> tuple[EntityRef, ...]:
    return tuple(EntityRef(key=r["key"], label=label, name=r["name"] or r["key"]) for r, label in rows)


def list_tx(tx: ManagedTransaction, *, query: EntityListQuery) -> Page[EntitySummary]:
    filters = {
        "prefix": query.prefix,
        **{name: getattr(query, name) for name in ENTITY_LIST_FILTERS},
        **after_params(query.after),
    }
    rows = data(
        tx,
        ENTITY_LIST[(Label(query.label), query.ordering)],
        f=filters,
        links=LIST_LINKS,
        cap=LIST_DESCENDANTS_CAP,
        limit=query.limit + 1,
    )
    counted = data(tx, ENTITY_COUNT[Label(query.label)], f=filters, count_cap=LIST_COUNT_CAP)[0]["count"]
    found = page(rows, query.limit, lambda row: (row["sort"], row["key"]))
    return Page(
        items=tuple(
            EntitySummary(
                key=row["key"],
                label=row["label"],
                name=row["props"].get("name") or row["key"],
                aliases=tuple(row["props"].get("aliases") or ()),
                properties=facts_of(row["props"]),
                organizations=_refs([(o, Label.ORGANIZATION.value) for o in row["organizations"]]),
                parents=_refs([(p, Label.MODEL.value) for p in row["parents"]]),
                descendants=row["descendants"],
                models=row["models"],
                sources=row["sources"],
            )
            for row in found.items
        ),
        next=found.next,
        count=min(counted, LIST_COUNT_CAP),
        count_exact=counted <= LIST_COUNT_CAP,
    )


# --- claims about one entity --------------------------------------------------------------------

# Every statement about one entity: claims of its relations (either end) and of its attributes,
# in document order; a claim's status is its fact's for relations, its own for attributes.
ENTITY_CLAIMS = f"""
MATCH (e:Entity {{key: $key}})
CALL (e) {{
  // Facts first, each once; then their claims, never gathered (UNION ALL): only the page is kept.
  MATCH (f:Fact)-[:SUBJECT|OBJECT]->(e)
  WITH DISTINCT f
  MATCH (c:Claim)-[:SUPPORTS]->(f)
  RETURN c, f
  UNION ALL
  MATCH (c:Claim)-[:ABOUT]->(e)
  RETURN c, null AS f
}}
WITH c, f, coalesce(f.status, c.status, 'proposed') AS status
WHERE ($status IS NULL OR status = $status)
  AND {AFTER_IN_DOCUMENT_ORDER}
WITH c, f, status ORDER BY {DOCUMENT_ORDER} LIMIT $limit
OPTIONAL MATCH (c)-[:STATED_IN|CITES]->(d:Document)
OPTIONAL MATCH (f)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (f)-[:OBJECT]->(o:Entity)
RETURN c.key AS claim_key, c.kind AS kind, status, c.attribute AS attribute, c.value AS value,
       {EVIDENCE_MAP} AS evidence,
       CASE WHEN f IS NULL THEN NULL ELSE {FACT_MAP} END AS fact
ORDER BY {DOCUMENT_ORDER}
"""


def claims_tx(
    tx: ManagedTransaction, *, key: str, status: str | None, after: Position | None, limit: int
) -> Page[ClaimRecord]:
    document, start, claim = after if after else (None, None, None)
    rows = data(
        tx,
        ENTITY_CLAIMS,
        key=key,
        status=status,
        after_document=document,
        after_start=start,
        after_key=claim,
        limit=limit + 1,
    )
    found = page(rows, limit, lambda r: (r["evidence"]["document_key"] or "", r["evidence"]["start"], r["claim_key"]))
    return Page(
        items=tuple(
            ClaimRecord(
                key=r["claim_key"],
                kind=r["kind"] or ("attribute" if r["fact"] is None else "relation"),
                status=r["status"],
                evidence=evidence(r["evidence"]),
                fact=fact_record(r["fact"], [], 0) if r["fact"] else None,
                attribute=r["attribute"],
                value=r["value"],
            )
            for r in found.items
        ),
        next=found.next,
    )


# --- search -------------------------------------------------------------------------------------

# Names and aliases in the full-text index, best first. Without labels the index itself stops at
# $limit; with labels it yields every hit, in score order, and the filter keeps the first $limit.
SEARCH = f"""
CALL db.index.fulltext.queryNodes('entity_search', $text, CASE WHEN $labels IS NULL THEN {{limit: $limit}} ELSE {{}} END)
YIELD node, score
WITH node, score WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
RETURN node.key AS key, {LABEL_OF.format("node")} AS label, node.name AS name,
       coalesce(node.aliases, []) AS aliases, score
LIMIT $limit
"""


def search_tx(tx: ManagedTransaction, *, query: str, labels: list[str] | None, limit: int) -> list[SearchHit]:
    return [
        SearchHit(key=r["key"], label=r["label"], name=r["name"], aliases=tuple(r["aliases"]), score=r["score"])
        for r in tx.run(SEARCH, text=query, labels=labels, limit=limit)
    ]


# --- models side by side ------------------------------------------------------------------------

# Columns of the comparison table, in the order asked for.
MODELS_COMPARE = f"""
UNWIND range(0, size($keys) - 1) AS i
MATCH (m:Model {{key: $keys[i]}})
CALL (m) {{
  OPTIONAL MATCH (m)-[r:{ANY_RELATION}]->(o:Entity)
  WHERE {SHOWN.format("r")}
  WITH r, o ORDER BY o.name
  RETURN collect(CASE WHEN o IS NULL THEN NULL
    ELSE {{type: type(r), key: o.key, name: o.name, label: {LABEL_OF.format("o")}, kind: r.kind}} END) AS links
}}
RETURN m.key AS key, m.name AS name, properties(m) AS props, links
ORDER BY i
"""


def compare_tx(tx: ManagedTransaction, *, keys: list[str], include_unreviewed: bool | float) -> list[ModelSummary]:
    lineage_types = {t.value for t in LINEAGE_TYPES}
    summaries = []
    for r in tx.run(MODELS_COMPARE, keys=keys, floor=review_floor(include_unreviewed)):
        by_type: dict[str, list[EntityRef]] = {}
        for link in r["links"]:
            by_type.setdefault(link["type"], []).append(ref(link))
        summaries.append(
            ModelSummary(
                ref=EntityRef(key=r["key"], label="Model", name=r["name"] or r["key"]),
                properties=facts_of(r["props"]),
                techniques=tuple(by_type.get("USES", ())),
                organizations=tuple(by_type.get("DEVELOPED_BY", ())),
                papers=tuple(by_type.get("INTRODUCED_IN", ())),
                parents=tuple(parent for t, refs in by_type.items() if t in lineage_types for parent in refs),
                parent_kinds={
                    link["key"]: (link["type"], link["kind"]) for link in r["links"] if link["type"] in lineage_types
                },
            )
        )
    return summaries


# The names curators gave (entities they made or renamed, aliases they added): the next ingest
# recognises them (ingest.services.document_ingest). Papers are found by their ids and titles instead.
CURATED_NAMES = f"""
MATCH (e:Entity) WHERE e.curated = true AND NOT e:Paper
RETURN e.key AS key, {LABEL_OF.format("e")} AS label, e.name AS name, coalesce(e.curated_aliases, []) AS aliases
ORDER BY key LIMIT $limit
"""


def curated_names_tx(tx: ManagedTransaction, *, limit: int) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(r["key"], r["label"], r["name"], tuple(r["aliases"])) for r in data(tx, CURATED_NAMES, limit=limit)]

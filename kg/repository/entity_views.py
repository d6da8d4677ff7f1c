"""An entity as its page reads it, in one statement (one round trip): the entity with its relations
grouped and cut per type and side, the documents mentioning it, its attribute claims, and what links
to it; for a model, its lineage both ways, the edges among it, and its direct parents.
"""

from neo4j import ManagedTransaction

from kg.repository.cypher import (
    ANY_RELATION,
    EVIDENCE_COUNT,
    EVIDENCE_SCAN,
    LABEL_OF,
    LINEAGE_PATTERN,
    SETTLED_AS_ACCEPTED,
    SHOWN,
    STRONGEST_FIRST,
    attribute_claims,
    fact_evidence,
)
from kg.repository.lineage import bounded_walk
from kg.repository.records import entity, facts_of, relation
from kg.rules import review_floor
from kg.types import (
    Entity,
    EntityRef,
    EntityView,
    Lineage,
    LineageEdge,
    LineageNode,
    LinkedEntity,
    ModelView,
    ParentState,
    RelationTotal,
)
from kg.vocabulary import LINEAGE_TYPES, RelType

# Per relation type and side: the page lists this many (with their evidence) and says how many more.
PAGE_RELATIONS_PER_TYPE = 20
PAGE_DOCUMENTS = 50
# Quotes shown per relation (the strongest; the page says how many more there are), and claims read
# per attribute (each of its values with its sources).
PAGE_EVIDENCE = 5
PAGE_ATTRIBUTE_CLAIMS = 20
# A group's listing looks at this many of its relations (storage order) and shows the first by name.
PAGE_RELATIONS_SCANNED = 200
_PAGE_LIMITS = {
    "relation_limit": PAGE_RELATIONS_PER_TYPE,
    "relation_scan": PAGE_RELATIONS_SCANNED,
    "evidence_limit": PAGE_EVIDENCE,
    "evidence_scan": EVIDENCE_SCAN,
    "attribute_claims": PAGE_ATTRIBUTE_CLAIMS,
    "document_limit": PAGE_DOCUMENTS,
}


def _indented(text: str, prefix: str) -> str:
    return text.strip().replace("\n", "\n" + prefix)


# What every entity page shows, as subqueries of one statement (the page costs one round trip):
# the documents mentioning it, its relations with their evidence, its attribute claims.
# Relations come at most $relation_limit per type and side (a popular base model is the object of
# hundreds of thousands of fine-tunes), with each group's total so the page can say how many it
# leaves out. Both come from the typed edges, which mirror the non-rejected facts one to one: a
# group's total is the node's degree for that type (no scan), and its listing expands only that type,
# looks at the first $relation_scan and keeps the $relation_limit first by name (documents alike). The facts' evidence
# is then fetched for those few only.
def _relation_group(rel: RelType, side: str) -> str:
    arrow = f"(e)-[r:{rel.value}]->(x:Entity)" if side == "out" else f"(e)<-[r:{rel.value}]-(x:Entity)"
    bare = f"(e)-[:{rel.value}]->()" if side == "out" else f"(e)<-[:{rel.value}]-()"
    return f"""
  CALL (e) {{
    MATCH {arrow}
    WHERE {SHOWN.format("r")}
    WITH r, x LIMIT $relation_scan
    WITH r, x ORDER BY x.name, x.key LIMIT $relation_limit
    RETURN collect({{fact_key: r.fact_key, other: x, side: '{side}'}}) AS kept
  }}
  RETURN kept, {{type: '{rel.value}', side: '{side}', total: CASE WHEN $floor <= 0.0 THEN COUNT {{ {bare} }}
    ELSE COUNT {{ {arrow} WHERE {SHOWN.format("r")} }} END}} AS total"""


_RELATION_GROUPS = "\n  UNION ALL".join(_relation_group(rel, side) for rel in RelType for side in ("out", "in"))

_ENTITY_PARTS = f"""
CALL (e) {{
  MATCH (e)-[:MENTIONED_IN]->(d:Document)
  WITH d LIMIT $relation_scan
  WITH d ORDER BY d.ingested_at DESC, d.key LIMIT $document_limit
  RETURN collect(d {{.key, .title}}) AS documents
}}
CALL (e) {{
  RETURN COUNT {{ (e)-[:MENTIONED_IN]->(:Document) }} AS documents_total,
         // What the page leaves out: unreviewed facts below its confidence floor.
         COUNT {{ (f:Fact)-[:SUBJECT|OBJECT]->(e) WHERE f.status = 'proposed' AND coalesce(f.confidence, 0.0) < $floor }}
           AS unreviewed_total
}}
CALL (e) {{
  CALL (e) {{{_RELATION_GROUPS}
  }}
  WITH kept, total WHERE total.total > 0
  RETURN collect(total) AS relation_totals, reduce(all = [], group IN collect(kept) | all + group) AS picked
}}
CALL (e, picked) {{
  UNWIND picked AS k
  MATCH (f:Fact {{key: k.fact_key}})
  WITH f, CASE k.side WHEN 'out' THEN e ELSE k.other END AS s, CASE k.side WHEN 'out' THEN k.other ELSE e END AS o
  RETURN collect({{f: f, s: s, o: o}}) AS kept
}}
CALL (kept) {{
  UNWIND kept AS k
  WITH k.f AS f, k.s AS s, k.o AS o
  // Evidence only for the facts the page shows, the strongest few of each, and how many there are.
  {_indented(fact_evidence(STRONGEST_FIRST), "  ")}
  RETURN collect({{key: f.key, type: f.type, status: f.status, confidence: f.confidence, evidence: evidence,
    evidence_count: {EVIDENCE_COUNT}, kind: f.kind, conflict: f.conflict,
    subject: {{key: s.key, name: s.name, label: {LABEL_OF.format("s")}}},
    object: {{key: o.key, name: o.name, label: {LABEL_OF.format("o")}}}}}) AS relations
}}
{attribute_claims(status=SETTLED_AS_ACCEPTED)}
"""

# What points at an entity (models using a technique, papers an organization published ...),
# oldest first within each relation type; undated ones last.
ENTITY_PAGE = f"""
MATCH (e:Entity {{key: $key}})
{_ENTITY_PARTS}
CALL (e) {{
  MATCH (e)<-[r:{ANY_RELATION}]-(s:Entity)
  WHERE {SHOWN.format("r")}
  WITH r, s, toString(coalesce(s.released, s.year)) AS date
  ORDER BY type(r), date IS NULL, date, s.name
  LIMIT $link_limit
  RETURN collect({{type: type(r), status: r.status, key: s.key, name: s.name, label: {LABEL_OF.format("s")},
    date: date}}) AS links
}}
RETURN e.key AS key, {LABEL_OF.format("e")} AS label, properties(e) AS props, documents, documents_total,
       relations, relation_totals, attributes, links, unreviewed_total
"""


def _model_page() -> str:
    """A model page in one statement: the entity, its lineage both ways with the edges among it, its parents."""

    def side(direction: str, name: str) -> str:
        walk = bounded_walk("e", direction, "$lineage_limit", f"{name}_found")
        return f"""{walk}
WITH *, [x IN {name}_found | {{key: x.node.key, name: x.node.name, released: toString(x.node.released),
  hops: x.hops}}] AS {name}"""

    return f"""
MATCH (e:Entity {{key: $key}})
{_ENTITY_PARTS}
{side("up", "ancestors")}
{side("down", "descendants")}
CALL (e) {{
  MATCH (e)-[r:{LINEAGE_PATTERN}]->(p:Model)
  WHERE {SHOWN.format("r")}
  CALL (p) {{
    MATCH (p)-[u:USES]->(t:Technique)
    WHERE {SHOWN.format("u")}
    RETURN collect(t {{.key, .name}}) AS techniques
  }}
  WITH p, r, techniques ORDER BY type(r), p.name
  RETURN collect({{key: p.key, name: p.name, type: type(r), status: r.status, props: properties(p),
    techniques: techniques, kind: r.kind, conflict: r.conflict}}) AS parents
}}
WITH e, documents, documents_total, unreviewed_total, relations, relation_totals, attributes, ancestors,
     descendants, parents, [e.key] + [n IN ancestors | n.key] + [n IN descendants | n.key] AS keys
CALL (keys) {{
  UNWIND keys AS k
  MATCH (a:Model {{key: k}})-[r:{LINEAGE_PATTERN}]->(b:Model)
  WHERE b.key IN keys AND type(r) IN $types AND {SHOWN.format("r")}
  RETURN collect({{source: a.key, target: b.key, type: type(r), status: r.status, confidence: r.confidence,
    kind: r.kind, conflict: r.conflict}}) AS edges
}}
RETURN e.key AS key, {LABEL_OF.format("e")} AS label, properties(e) AS props, documents, documents_total,
       relations, relation_totals, attributes, ancestors, descendants, parents, edges, unreviewed_total
"""


MODEL_PAGE = _model_page()


def _page_entity(row: dict) -> Entity:
    """The Entity of a page statement (ENTITY_PAGE, MODEL_PAGE)."""
    relations = [relation(r) for r in row["relations"]]
    relations.sort(key=lambda r: r.type)  # groups arrive in no set order; each keeps its own
    return entity(row, relations=relations, attributes=row["attributes"])


def _relation_totals(row: dict) -> tuple[RelationTotal, ...]:
    """The groups a page cut short, in type order."""
    return tuple(
        RelationTotal(type=t["type"], side=t["side"], total=t["total"], shown=min(t["total"], PAGE_RELATIONS_PER_TYPE))
        for t in sorted(row["relation_totals"], key=lambda t: (t["side"], t["type"]))
        if t["total"] > PAGE_RELATIONS_PER_TYPE
    )


def model_view_tx(
    tx: ManagedTransaction, *, key: str, depth: int, include_unreviewed: bool | float, lineage_limit: int
) -> ModelView | None:
    """A model with its relations, its lineage both ways and its direct parents, in one statement."""
    row = tx.run(
        MODEL_PAGE,
        key=key,
        depth=depth,
        floor=review_floor(include_unreviewed),
        types=[t.value for t in LINEAGE_TYPES],
        lineage_limit=lineage_limit,
        **_PAGE_LIMITS,
    ).single()
    if row is None:
        return None
    found = _page_entity(row)
    nodes = [
        LineageNode(key=n["key"], name=n["name"] or n["key"], released=n["released"], hops=n["hops"], direction=way)
        for way, column in (("up", "ancestors"), ("down", "descendants"))
        for n in sorted(row[column], key=lambda n: (n["hops"], n["key"]))
    ]
    edges = sorted((LineageEdge(**e) for e in row["edges"]), key=lambda e: (e.source, e.target, e.type))
    parents = tuple(
        ParentState(
            parent=EntityRef(key=p["key"], label="Model", name=p["name"] or p["key"]),
            type=p["type"],
            status=p["status"],
            properties=facts_of(p["props"]),
            techniques=tuple(EntityRef(key=t["key"], label="Technique", name=t["name"]) for t in p["techniques"]),
            kind=p["kind"],
            conflict=p["conflict"],
        )
        for p in row["parents"]
    )
    root = EntityRef(key=found.key, label=found.label, name=found.name)
    return ModelView(
        entity=found,
        lineage=Lineage(root=root, nodes=tuple(nodes), edges=tuple(edges)),
        parents=parents,
        relation_totals=_relation_totals(row),
        documents_total=row["documents_total"],
        unreviewed_total=row["unreviewed_total"],
        lineage_shown=lineage_limit if lineage_limit in (len(row["ancestors"]), len(row["descendants"])) else None,
    )


def entity_view_tx(
    tx: ManagedTransaction, *, key: str, include_unreviewed: bool | float, link_limit: int
) -> EntityView | None:
    row = tx.run(
        ENTITY_PAGE, key=key, floor=review_floor(include_unreviewed), link_limit=link_limit, **_PAGE_LIMITS
    ).single()
    if row is None:
        return None
    links = tuple(
        LinkedEntity(
            key=r["key"],
            label=r["label"],
            name=r["name"] or r["key"],
            type=r["type"],
            status=r["status"],
            date=r["date"],
        )
        for r in row["links"]
    )
    return EntityView(
        entity=_page_entity(row),
        links=links,
        relation_totals=_relation_totals(row),
        documents_total=row["documents_total"],
        unreviewed_total=row["unreviewed_total"],
    )

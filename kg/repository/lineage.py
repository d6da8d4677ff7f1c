"""Lineage: a model's ancestors and descendants, the path between two entities, an entity's
neighbourhood, and the families (lineage trees) the home page lists.

The walks are bounded breadth-first searches generated per depth, so a statement's cost follows its
answer, not the size of the family.
"""

from neo4j import ManagedTransaction

from kg.repository.cypher import ANY_RELATION, LABEL_OF, LINEAGE_MAX_DEPTH, LINEAGE_PATTERN, SHOWN
from kg.repository.entities import ENTITIES_EXISTING
from kg.repository.records import data, ref
from kg.rules import review_floor
from kg.types import EntityRef, Family, GraphEdge, Lineage, LineageEdge, LineageNode, LineagePath, Neighbourhood

PATH_MAX_HOPS = 10

_LINEAGE_KEEP = f"type(r) IN $types AND {SHOWN.format('r')}"


def bounded_walk(start: str, direction: str, limit: str, name: str) -> str:
    """Breadth-first from `start` ("up": towards parents), level by level up to `$depth` levels, each
    model once at its shortest distance, stopping once `limit` models are found: a level takes at most
    what is left of the budget, in storage order, so the cost follows the answer, not the family (a base
    model with 100k fine-tunes costs its first `limit` of them). `name` gets [{node, hops}], nearest first.

    The text is the same for every depth (LINEAGE_MAX_DEPTH levels, each skipped past `$depth` or once
    nothing is left to walk), so Neo4j plans it once: planning a statement of this size takes it 1-3 s,
    which every new text would cost its first reader (kg.repository.warm plans them all at start-up)."""
    step = f"-[r:{LINEAGE_PATTERN}]->" if direction == "up" else f"<-[r:{LINEAGE_PATTERN}]-"
    levels = "".join(
        f"""
  CALL (frontier, seen, found) {{
    WITH frontier, seen, found WHERE {hop} <= $depth AND size(frontier) > 0 AND size(found) < {limit}
    UNWIND frontier AS at
    MATCH (at){step}(c:Model)
    WHERE {_LINEAGE_KEEP} AND NOT c IN seen
    WITH DISTINCT c LIMIT {limit}
    RETURN collect(c) AS reached
  }}
  WITH reached[..({limit} - size(found))] AS next, seen, found
  WITH next AS frontier, seen + next AS seen, found + [n IN next | {{node: n, hops: {hop}}}] AS found"""
        for hop in range(1, LINEAGE_MAX_DEPTH + 1)
    )
    return f"""
CALL ({start}) {{
  WITH [x IN [{start}] WHERE x:Model] AS frontier, [{start}] AS seen, [] AS found{levels}
  RETURN found AS {name}
}}"""


def _lineage_side(direction: str) -> str:
    """Nearest first, at most $limit: each model once, at its shortest distance."""
    walk = bounded_walk("m", direction, "$limit", f"{direction}_found")
    return f"""{walk}
WITH *, [x IN {direction}_found | {{node: x.node, hops: x.hops, direction: '{direction}'}}] AS {direction}"""


def _lineage(directions: tuple[str, ...]) -> str:
    """A model's lineage in one statement (one round trip): the root, each side, and per node its parent
    edges, from which the reader keeps those inside the answer (a set lookup, not a list scan in Cypher)."""
    sides = "".join(_lineage_side(direction) for direction in directions)
    return f"""
MATCH (m:Entity {{key: $key}})
{sides}
UNWIND [{{node: m, hops: 0, direction: 'self'}}] + {" + ".join(directions)} AS x
WITH m, x, x.node AS n
RETURN m.key AS root_key, m.name AS root_name, {LABEL_OF.format("m")} AS root_label,
       collect({{key: n.key, name: n.name, released: toString(n.released), hops: x.hops, direction: x.direction,
         parents: [(n)-[r:{LINEAGE_PATTERN}]->(p:Model) WHERE {_LINEAGE_KEEP} |
                   {{target: p.key, type: type(r), status: r.status, confidence: r.confidence, kind: r.kind,
                     conflict: r.conflict, fact: r.fact_key}}]}}) AS nodes
"""


# The lineage facts (their edges: every fact not rejected has one) leading from `$object` up to
# `$subject`: a lineage fact subject -> object would close a cycle with them. `$ignore` is a fact an
# edit replaces (its edge goes when the edit is written).
LINEAGE_CYCLE = f"""
MATCH (o:Entity {{key: $object}})
MATCH (s:Entity {{key: $subject}})
MATCH p = shortestPath((o)-[:{LINEAGE_PATTERN}*]->(s))
WHERE all(r IN relationships(p) WHERE coalesce(r.fact_key, '') <> $ignore)
RETURN [r IN relationships(p) | r.fact_key] AS facts
"""


def cycle_facts(tx: ManagedTransaction, *, subject: str, object: str, ignore: str = "") -> list[str]:
    """The facts a lineage fact subject -> object (two different entities) would close a cycle with,
    the shortest way round; [] when it closes none."""
    rows = data(tx, LINEAGE_CYCLE, subject=subject, object=object, ignore=ignore)
    return rows[0]["facts"] if rows else []


LINEAGE: dict[tuple[str, ...], str] = {
    directions: _lineage(directions) for directions in (("up",), ("down",), ("up", "down"))
}


def lineage_tx(
    tx: ManagedTransaction,
    *,
    key: str,
    directions: tuple[str, ...],
    depth: int,
    types: list[str],
    include_unreviewed: bool | float,
    limit: int,
) -> Lineage | None:
    """The root and its lineage; nodes ordered by side, hops and key; edges are those among the nodes."""
    row = tx.run(
        LINEAGE[directions],
        key=key,
        depth=depth,
        types=types,
        floor=review_floor(include_unreviewed),
        limit=limit,
    ).single()
    if row is None:
        return None
    found = row["nodes"]
    keys = {n["key"] for n in found}
    edges = sorted(
        (
            LineageEdge(
                source=n["key"],
                target=e["target"],
                type=e["type"],
                status=e["status"],
                confidence=e["confidence"],
                kind=e["kind"],
                conflict=e["conflict"],
                fact=e["fact"],
            )
            for n in found
            for e in n["parents"]
            if e["target"] in keys
        ),
        key=lambda e: (e.source, e.target, e.type),
    )
    side_order = {"up": 0, "down": 1}
    nodes = tuple(
        LineageNode(key=n["key"], name=n["name"], released=n["released"], hops=n["hops"], direction=n["direction"])
        for n in sorted(found, key=lambda n: (side_order.get(n["direction"], -1), n["hops"], n["key"]))
        if n["direction"] != "self"
    )
    root = EntityRef(key=row["root_key"], label=row["root_label"], name=row["root_name"])
    return Lineage(root=root, nodes=nodes, edges=tuple(dict.fromkeys(edges)))


# --- the path between two entities --------------------------------------------------------------

# The shortest chain of lineage edges between two entities, whichever way each edge points.
LINEAGE_PATH = f"""
MATCH (a:Entity {{key: $source}})
MATCH (b:Entity {{key: $target}})
MATCH p = shortestPath((a)-[:{LINEAGE_PATTERN}*..{PATH_MAX_HOPS}]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types AND {SHOWN.format("r")})
RETURN [n IN nodes(p) | {{key: n.key, name: n.name, label: {LABEL_OF.format("n")}}}] AS nodes,
       [r IN relationships(p) | {{source: startNode(r).key, target: endNode(r).key, type: type(r),
         status: r.status, confidence: r.confidence, kind: r.kind, conflict: r.conflict, fact: r.fact_key}}] AS edges
"""


def path_tx(
    tx: ManagedTransaction, *, source: str, target: str, types: list[str], include_unreviewed: bool | float
) -> LineagePath | None:
    row = tx.run(
        LINEAGE_PATH, source=source, target=target, types=types, floor=review_floor(include_unreviewed)
    ).single()
    if row is None:
        return None
    return LineagePath(
        nodes=tuple(EntityRef(**n) for n in row["nodes"]),
        edges=tuple(
            LineageEdge(
                source=e["source"],
                target=e["target"],
                type=e["type"],
                status=e["status"] or "proposed",
                confidence=e["confidence"] if e["confidence"] is not None else 0.0,
                kind=e["kind"],
                conflict=e["conflict"],
                fact=e["fact"],
            )
            for e in row["edges"]
        ),
    )


# --- neighbourhood ------------------------------------------------------------------------------

# One ring of a neighbourhood: the entities one typed edge away from `keys`, best connected first.
NEIGHBOURS = f"""
UNWIND $keys AS k
MATCH (:Entity {{key: k}})-[r:{ANY_RELATION}]-(n:Entity)
WHERE NOT n.key IN $exclude AND type(r) IN $types AND {SHOWN.format("r")}
WITH n, count(r) AS links
RETURN n.key AS key, n.name AS name, {LABEL_OF.format("n")} AS label
ORDER BY links DESC, name
LIMIT $limit
"""

# The typed edges among a set of entities: what a neighbourhood view draws.
EDGES_AMONG = f"""
UNWIND $keys AS k
MATCH (a:Entity {{key: k}})-[r:{ANY_RELATION}]->(b:Entity)
WHERE b.key IN $keys AND type(r) IN $types AND {SHOWN.format("r")}
RETURN a.key AS source, b.key AS target, type(r) AS type, r.status AS status, r.kind AS kind
ORDER BY source, target, type
"""


def neighbourhood_tx(
    tx: ManagedTransaction,
    *,
    key: str,
    hops: int,
    types: list[str],
    include_unreviewed: bool | float,
    limits: tuple[int, ...],
) -> Neighbourhood | None:
    """The entity and up to `hops` rings around it, each ring capped, with the edges among them."""
    row = tx.run(ENTITIES_EXISTING, keys=[key]).single()
    if row is None:
        return None
    floor = review_floor(include_unreviewed)
    center = EntityRef(key=row["key"], label=row["label"], name=row["props"].get("name") or row["key"])
    nodes: list[tuple[EntityRef, int]] = [(center, 0)]
    ring, seen, truncated = [key], {key}, False
    for hop, limit in zip(range(1, hops + 1), limits, strict=False):
        found = [
            ref(r)
            # one more than shown tells whether the ring was cut
            for r in tx.run(NEIGHBOURS, keys=ring, exclude=sorted(seen), types=types, floor=floor, limit=limit + 1)
        ]
        truncated = truncated or len(found) > limit
        found = found[:limit]
        nodes += [(found_ref, hop) for found_ref in found]
        ring = [found_ref.key for found_ref in found]
        seen |= set(ring)
    edges = tuple(GraphEdge(**r.data()) for r in tx.run(EDGES_AMONG, keys=sorted(seen), types=types, floor=floor))
    return Neighbourhood(center=center, nodes=tuple(nodes), edges=edges, truncated=truncated)


# --- families -----------------------------------------------------------------------------------

# Lineage families for the home page: models without lineage parents, largest descendancy first.
# Candidates are ranked by direct children first (a degree lookup), so only a few families are walked,
# and a walk stops counting at $cap models: the home page stays cheap on a hub-sized graph.
LINEAGE_FAMILIES = f"""
MATCH (root:Model)
WITH root, COUNT {{ (root)<-[:{LINEAGE_PATTERN}]-() }} AS children
WHERE children > 0 AND NOT EXISTS {{ (root)-[:{LINEAGE_PATTERN}]->(:Model) }}
WITH root ORDER BY children DESC, root.name LIMIT $candidates
CALL (root) {{
  MATCH (root)<-[:{LINEAGE_PATTERN}*1..{LINEAGE_MAX_DEPTH}]-(m:Model)
  WITH DISTINCT m LIMIT $cap
  WITH m ORDER BY m.released, m.name
  RETURN count(m) AS size, collect(m {{.key, .name}})[..$members] AS members
}}
RETURN root.key AS key, root.name AS name, size, size >= $cap AS capped, members
ORDER BY size DESC, name
LIMIT $limit
"""


def families_tx(tx: ManagedTransaction, *, limit: int, members: int, cap: int) -> list[Family]:
    return [
        Family(
            root=EntityRef(key=r["key"], label="Model", name=r["name"] or r["key"]),
            size=r["size"],
            members=tuple(EntityRef(key=m["key"], label="Model", name=m["name"] or m["key"]) for m in r["members"]),
            capped=r["capped"],
        )
        for r in tx.run(LINEAGE_FAMILIES, limit=limit, members=members, cap=cap, candidates=limit * 4)
    ]

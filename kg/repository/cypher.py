"""Cypher fragments more than one aggregate module uses, one copy of each.

Labels and relationship types cannot be parameters, so the statements that need them are generated
once, at import, from the vocabulary enums (an allow-list), never from request text. Every value a
statement needs is a $parameter.
"""

import re

from kg.vocabulary import LINEAGE_TYPES, RelType

# A node's own label (the one besides Entity), for the node variable formatted in: LABEL_OF.format("e").
LABEL_OF = "[l IN labels({0}) WHERE l <> 'Entity'][0]"

# The deepest lineage walk any statement makes (the API's depth, a family's size, a list's descendants).
LINEAGE_MAX_DEPTH = 10

# Relationship-type alternations for patterns: the lineage types, and every typed edge.
LINEAGE_PATTERN = "|".join(rel.value for rel in LINEAGE_TYPES)
ANY_RELATION = "|".join(rel.value for rel in RelType)

# The review floor (kg.rules.review_floor) on a typed edge or a fact `{0}`: accepted, or an
# unreviewed one at least as confident as $floor.
SHOWN = "({0}.status = 'accepted' OR coalesce({0}.confidence, 0.0) >= $floor)"

# A claim `c` stated in document `d` as the evidence a reader sees.
EVIDENCE_MAP = (
    "c {.quote, .start, .end, .extractor, .extractor_version, .confidence, .url, "
    "document_key: coalesce(d.key, c.document_key), "
    "document_title: d.title, language: d.language}"
)

# A fact `f` from subject `s` to object `o` as an API record reads it.
FACT_MAP = f"""{{key: f.key, type: f.type, status: f.status, decision: f.decision,
  curated: coalesce(f.curated, false), confidence: f.confidence, kind: f.kind, conflict: f.conflict,
  subject: {{key: s.key, name: s.name, label: {LABEL_OF.format("s")}}},
  object: {{key: o.key, name: o.name, label: {LABEL_OF.format("o")}}}}}"""


def after_cursor(var: str, descending: bool) -> str:
    """Rows strictly after the keyset cursor ($after_value, $after_key) in (missing, value, key) order."""
    beyond = "<" if descending else ">"
    return f"""($after_key IS NULL OR CASE WHEN $after_value IS NULL
  THEN sort IS NULL AND {var}.key > $after_key
  ELSE sort IS NULL OR sort {beyond} $after_value OR (sort = $after_value AND {var}.key > $after_key) END)"""


# One node whose version every write replaces: web processes derive ETags from it without any
# shared memory. Every write path (sync, import, bulk load) ends by running this.
GRAPH_STATE_BUMP = "MERGE (g:GraphState {id: 'graph'}) SET g.version = randomUUID(), g.updated_at = datetime()"


def filters_in_one_map(statement: str, *names: str) -> str:
    """The statement reading its optional parameters (null when unset) from one map, $f.

    Neo4j caches a plan per statement text *and parameter types*; a null, a number and a string are
    three types, so every mix of set and unset filters would be planned apart (seconds each for its
    first reader, and out of reach of the start-up warm-up, kg/warm.py). A map is one type whatever
    it holds: one plan serves every combination."""
    return re.sub(rf"\$({'|'.join(names)})\b", r"$f.\1", statement)

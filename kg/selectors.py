"""Reads over the graph for pages, the API and the admin: the only way they query it."""

import re

from rapidfuzz import fuzz

from kg import repository
from kg.errors import EntityNotFound, InvalidQuery
from kg.repository.queries import LINEAGE_MAX_DEPTH
from kg.text import compact, simplified
from kg.types import Document, DocumentSummary, Entity, EntityRef, Lineage, SearchHit
from kg.vocabulary import LINEAGE_TYPES, RelType

# Lucene's query syntax characters; user text is escaped before it reaches the full-text index.
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_LATIN_WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+")
_CJK = re.compile(r"[\u3400-\u9fff]+")


def entity_get(*, key: str, include_unreviewed: bool = True) -> Entity:
    entity = repository.entity_get(key=key, include_unreviewed=include_unreviewed)
    if entity is None:
        raise EntityNotFound(f"No entity with key '{key}'.", detail={"key": key})
    return entity


def entity_redirect(*, key: str) -> str | None:
    """The surviving key of a merged-away entity, or None."""
    return repository.redirects_resolve(keys=[key]).get(key)


def model_lineage(
    *,
    key: str,
    direction: str = "both",
    depth: int = 3,
    types: list[str] | None = None,
    include_unreviewed: bool = True,
    limit: int = 500,
) -> Lineage:
    if direction not in ("up", "down", "both"):
        raise InvalidQuery("direction must be up, down or both.", detail={"direction": direction})
    if not 1 <= depth <= LINEAGE_MAX_DEPTH:
        raise InvalidQuery(f"depth must be between 1 and {LINEAGE_MAX_DEPTH}.", detail={"depth": depth})
    rel_types = [RelType.from_kebab(t).value for t in types] if types else [t.value for t in LINEAGE_TYPES]
    root = entity_get(key=key, include_unreviewed=include_unreviewed)
    if root.label != "Model":
        raise InvalidQuery("Lineage is defined for models only.", detail={"key": key, "label": root.label})
    directions = ("up", "down") if direction == "both" else (direction,)
    nodes, edges = repository.lineage(
        key=key,
        directions=directions,
        depth=depth,
        types=rel_types,
        include_unreviewed=include_unreviewed,
        limit=limit,
    )
    return Lineage(
        root=EntityRef(key=root.key, label=root.label, name=root.name), nodes=tuple(nodes), edges=tuple(edges)
    )


def _lucene_query(text: str) -> str:
    """Exact words boosted, typo-tolerant Latin words, CJK runs as phrases (bigrams match)."""
    clauses = []
    folded = simplified(text).casefold()
    for word in _LATIN_WORD.findall(folded):
        clauses.append(f"{word}^3")
        if len(word) >= 4:
            clauses.append(f"{word}~1")
        clauses.append(f"{word}*")
    squashed = compact(folded)
    if squashed and squashed not in clauses and _LATIN_WORD.fullmatch(squashed):
        clauses.append(f"{squashed}^4")
    for run in _CJK.findall(folded):
        clauses.append(f'"{run}"^2')
    if not clauses:
        escaped = _LUCENE_SPECIAL.sub(r"\\\1", folded.strip())
        return escaped
    return " OR ".join(clauses)


def entity_search(*, query: str, limit: int = 20) -> list[SearchHit]:
    """Names and aliases in every script, typo-tolerant, ranked by closeness to what was typed."""
    text = query.strip()
    if not text:
        return []
    lucene = _lucene_query(text)
    if not lucene:
        return []
    hits = repository.search(query=lucene, limit=max(limit * 3, 30))
    folded = compact(simplified(text).casefold())

    def closeness(hit: SearchHit) -> float:
        forms = [compact(simplified(a).casefold()) for a in (hit.name, *hit.aliases)]
        return max((fuzz.ratio(folded, form) for form in forms if form), default=0.0)

    ranked = sorted(hits, key=lambda hit: (-closeness(hit), -hit.score, hit.name))
    return ranked[:limit]


def graph_counts() -> dict[str, int]:
    return repository.counts()


def documents_recent(*, limit: int = 10) -> list[DocumentSummary]:
    return repository.documents_list(limit=limit)


def document_get(*, key: str) -> Document:
    document = repository.document_get(key=key)
    if document is None:
        raise EntityNotFound(f"No document with key '{key}'.", detail={"key": key})
    return document


def graph_ping() -> None:
    repository.ping()

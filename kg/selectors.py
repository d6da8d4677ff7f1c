"""Reads over the graph for pages, the API and the admin: the only way they query it.

Selectors take typed values: a request's parameters are checked once, at its front door
(api/params.py refuses with 400 as the OpenAPI schema states; webui/params.py forgives), not again
here. What stays here is the domain's own reading of a value (a merged-away key means its survivor,
an ordering from the repository's allow-list), and one resolver of keys for both doors
(entity_locate).
"""

import re
from dataclasses import replace
from typing import Literal

from rapidfuzz import fuzz

from kg import repository
from kg.documents import Document, DocumentSummary
from kg.errors import EntityNotFound, InvalidQuery
from kg.repository import DOCUMENT_ORDERINGS, ENTITY_ORDERINGS
from kg.repository import LIST_DESCENDANTS_CAP as LIST_DESCENDANTS_CAP
from kg.text import compact, simplified
from kg.types import (
    ClaimRecord,
    DocumentListQuery,
    Entity,
    EntityListQuery,
    EntityLocation,
    EntityMatch,
    EntityRef,
    EntitySummary,
    EntityView,
    EvidenceInContext,
    FactListQuery,
    FactRecord,
    FactReview,
    Family,
    GraphState,
    Lineage,
    LineagePath,
    MergeSuggestion,
    ModelSummary,
    ModelView,
    Neighbourhood,
    Page,
    ParentChange,
    Position,
    ReviewPage,
    SearchHit,
)
from kg.vocabulary import ATTRIBUTES, LINEAGE_TYPES, Label, RelType, Status

# Decorates a read-only request handler: all the selectors it calls share one read transaction.
one_read = repository.one_read

# Lucene's query syntax characters; user text is escaped before it reaches the full-text index.
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_LATIN_WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+")
_CJK = re.compile(r"[\u3400-\u9fff]+")


def entity_get(*, key: str, include_unreviewed: bool | float = True) -> Entity:
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
    direction: Literal["up", "down", "both"] = "both",
    depth: int = 3,
    types: list[str] | None = None,
    include_unreviewed: bool | float = True,
    limit: int = 500,
) -> Lineage:
    rel_types = [RelType.from_kebab(t).value for t in types] if types else [t.value for t in LINEAGE_TYPES]
    directions = ("up", "down") if direction == "both" else (direction,)
    # One statement: no entity_get (a popular model's relations and evidence) just to name the root.
    lineage = repository.lineage(
        key=key,
        directions=directions,
        depth=depth,
        types=rel_types,
        include_unreviewed=include_unreviewed,
        limit=limit,
    )
    if lineage is None:
        raise EntityNotFound(f"No entity with key '{key}'.", detail={"key": key})
    if lineage.root.label != Label.MODEL:
        # Lineage is a model's: for any other entity there is simply no such model.
        raise EntityNotFound(f"No model with key '{key}'.", detail={"key": key, "label": lineage.root.label})
    return lineage


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


def entity_search(*, query: str, limit: int = 20, labels: list[str] | None = None) -> list[SearchHit]:
    """Names and aliases in every script, typo-tolerant, ranked by closeness to what was typed."""
    text = query.strip()
    if not text:
        return []
    lucene = _lucene_query(text)
    if not lucene:
        return []
    kept = [Label(x).value for x in labels] if labels else None
    hits = repository.search(query=lucene, labels=kept, limit=max(limit * 3, 30))
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


def document_exists(*, key: str) -> bool:
    return repository.document_exists(key=key)


def document_with_text(*, fingerprint: str, sha256: str) -> DocumentSummary | None:
    """The newest document whose text has this fingerprint (kg.text.text_fingerprint) or hash."""
    return repository.document_with_text(fingerprint=fingerprint, sha256=sha256)


def document_facts(*, key: str) -> set[str]:
    """Keys of the facts a document states (its claims support them)."""
    return repository.document_facts(key=key)


def graph_ping() -> None:
    repository.ping()


# The most facts one bulk decision changes (and its preview lists).
BULK_LIMIT = 1000


def _queue_filters(filters: dict) -> dict:
    """The queue's filters as the repository reads them: a relation type by its stored name."""
    if not filters.get("type"):
        return filters
    try:
        return dict(filters, type=RelType.from_kebab(filters["type"]).value)
    except ValueError as exc:
        raise InvalidQuery(f"Unknown relation type '{filters['type']}'.", detail=filters) from exc


# Claims a fact comes with in the queue, and on its own (the API's fact, the fact's page); the rest
# page through fact_evidence, FACT_EVIDENCE_PAGE at a time.
QUEUE_EVIDENCE = 3
FACT_EVIDENCE = 20
FACT_EVIDENCE_PAGE = 50
# The queue's orders: most and least confident first, newest and oldest first.
REVIEW_ORDERS = ("-confidence", "confidence", "-date", "date")


def facts_review(
    *, filters: dict, skip: int = 0, limit: int = 50, evidence_limit: int = QUEUE_EVIDENCE, order: str = "-confidence"
) -> ReviewPage:
    """The curators' queue: facts by document, type, confidence and status, each with its strongest
    `evidence_limit` claims in context and its count of claims, in one of REVIEW_ORDERS."""
    if order not in REVIEW_ORDERS:
        raise InvalidQuery(f"Unknown ordering '{order}'.", detail={"ordering": order})
    return repository.facts_review(
        filters=_queue_filters(filters),
        skip=skip,
        limit=min(limit, 500),
        evidence_limit=max(evidence_limit, 0),
        order=order,
    )


def facts_brief(*, filters: dict, limit: int = BULK_LIMIT) -> ReviewPage:
    """The queue's facts without their evidence, most confident first: what a bulk decision lists."""
    return repository.facts_brief(filters=_queue_filters(filters), limit=min(limit, BULK_LIMIT))


def facts_accept_above_plan(*, min_confidence: float, filters: dict | None = None) -> ReviewPage:
    """What "accept every proposed fact with confidence ≥ x" (within filters) would accept."""
    scope = dict(filters or {}, status=Status.PROPOSED.value, min_confidence=min_confidence)
    return facts_brief(filters=scope)


def fact_review(*, key: str, evidence_limit: int = FACT_EVIDENCE) -> FactReview:
    page = repository.facts_review(filters={"keys": [key]}, skip=0, limit=1, evidence_limit=evidence_limit)
    if not page.facts:
        raise EntityNotFound(f"No fact with key '{key}'.", detail={"key": key})
    return page.facts[0]


def fact_evidence(
    *, key: str, after: Position | None = None, limit: int = FACT_EVIDENCE_PAGE
) -> Page[EvidenceInContext]:
    """A fact's claims in document order, each in context, a page at a time (keyset: `next`)."""
    return repository.fact_evidence(key=key, after=after, limit=limit)


def attribute_values(*, filters: dict, skip: int = 0, limit: int = 50) -> tuple[list[dict], int]:
    """The attribute values the queue shows, most confident first, each with its claims in context,
    its key, version and decision, and the value the entity holds now (`shown`); and their total."""
    return repository.attribute_values(filters=filters, skip=skip, limit=min(limit, 500))


CURATED_NAMES_MAX = 20_000


def curated_names() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(key, label, name, curated aliases) of every entity a curator made or named, in key order:
    what the pipeline recognises besides its lexicon."""
    return tuple(repository.curated_names(limit=CURATED_NAMES_MAX))


def merge_suggestions() -> list[MergeSuggestion]:
    """The pipeline's near-duplicate proposals whose two sides are still separate entities."""
    return repository.merge_suggestions()


# --- pages: the reads behind the browsable pages (the API's selectors, composed per page)

# What "changed vs its parent" leaves out: a release date always differs and says nothing.
_UNCOMPARED = {"released"}
COMPARE_MAX = 5


def model_view(*, key: str, depth: int = 3, include_unreviewed: bool | float = True) -> ModelView:
    """A model page's data in one transaction: the entity, its lineage both ways, its parents."""
    view = repository.model_view(key=key, depth=depth, include_unreviewed=include_unreviewed)
    if view is None:
        raise EntityNotFound(f"No entity with key '{key}'.", detail={"key": key})
    return view


def parent_changes(*, view: ModelView) -> list[ParentChange]:
    """Per direct parent: attributes stated only here, only there or differently; techniques added, and the
    parent's techniques this model's sources do not mention (silence is not a statement that it was dropped)."""
    names = [n for n in ATTRIBUTES[Label.MODEL] if n not in _UNCOMPARED]
    mine = view.entity.properties
    my_techniques = {r.object.key: r.object for r in view.entity.outgoing if r.type == RelType.USES}
    changes = []
    for state in view.parents:
        theirs = state.properties
        their_techniques = {t.key: t for t in state.techniques}
        changes.append(
            ParentChange(
                parent=state.parent,
                type=state.type,
                status=state.status,
                kind=state.kind,
                conflict=state.conflict,
                added=tuple((n, mine[n]) for n in names if n in mine and n not in theirs),
                dropped=tuple((n, theirs[n]) for n in names if n in theirs and n not in mine),
                changed=tuple(
                    (n, theirs[n], mine[n]) for n in names if n in mine and n in theirs and mine[n] != theirs[n]
                ),
                techniques_added=tuple(t for k, t in sorted(my_techniques.items()) if k not in their_techniques),
                techniques_not_stated=tuple(t for k, t in sorted(their_techniques.items()) if k not in my_techniques),
            )
        )
    return changes


def entity_view(*, key: str, include_unreviewed: bool | float = True) -> EntityView:
    """An entity with what links to it, by relation type and date (models using RMSNorm, by release)."""
    view = repository.entity_view(key=key, include_unreviewed=include_unreviewed)
    if view is None:
        raise EntityNotFound(f"No entity with key '{key}'.", detail={"key": key})
    return view


def lineage_families(*, limit: int = 6, members: int = 6, cap: int = 1000) -> list[Family]:
    """The largest lineage families: roots without parents, by how many models descend from them."""
    return repository.families(limit=limit, members=members, cap=cap)


def models_compare(*, keys: list[str], include_unreviewed: bool | float = True) -> list[ModelSummary]:
    """Side-by-side data of up to five models, in the order given; merged keys follow their redirect."""
    if not 1 <= len(keys) <= COMPARE_MAX:
        raise InvalidQuery(f"Compare 1 to {COMPARE_MAX} models.", detail={"models": keys})
    redirects = repository.redirects_resolve(keys=keys)
    wanted = list(dict.fromkeys(redirects.get(k, k) for k in keys))
    found = repository.models_compare(keys=wanted, include_unreviewed=include_unreviewed)
    missing = sorted(set(wanted) - {s.ref.key for s in found})
    if missing:
        raise EntityNotFound(f"No model with key '{missing[0]}'.", detail={"models": missing})
    return found


def entity_neighbourhood(
    *, key: str, hops: int = 1, types: list[str] | None = None, include_unreviewed: bool | float = True
) -> Neighbourhood:
    """An entity and the entities around it (hops 1 or 2, each ring capped), with the edges among them."""
    try:
        rel_types = [RelType.from_kebab(t).value for t in types] if types else [t.value for t in RelType]
    except ValueError as exc:
        raise InvalidQuery("Unknown relation type.", detail={"types": types}) from exc
    found = repository.neighbourhood(
        key=key, hops=hops, types=rel_types, include_unreviewed=include_unreviewed, limits=(40, 60)
    )
    if found is None:
        raise EntityNotFound(f"No entity with key '{key}'.", detail={"key": key})
    return found


# --- end pages


# --- API: paged lists, provenance, paths, the graph's version


def _located(key: str | None) -> str | None:
    """A filter naming an entity by key, another case, a merged-away key or an exact alias (a name
    is one: Google, 谷歌) means that entity; a key naming nothing stays as given and matches nothing."""
    if key is None:
        return None
    location = repository.entity_locate(key=key)
    return location.key if location else key


def entity_list(*, query: EntityListQuery) -> Page[EntitySummary]:
    """One page of entities of one label, filtered and ordered by an allow-listed ordering, with
    the list's columns (organizations, parents, descendants, linked models, sources)."""
    if query.ordering not in ENTITY_ORDERINGS:
        raise InvalidQuery(f"Unknown ordering '{query.ordering}'.", detail={"ordering": query.ordering})
    query = replace(
        query,
        label=Label(query.label).value,
        prefix=(query.prefix or "").strip().casefold() or None,
        organization=_located(query.organization),
        technique=_located(query.technique),
    )
    return repository.entity_list(query=query)


def document_page(*, query: DocumentListQuery) -> Page[DocumentSummary]:
    if query.ordering not in DOCUMENT_ORDERINGS:
        raise InvalidQuery(f"Unknown ordering '{query.ordering}'.", detail={"ordering": query.ordering})
    return repository.document_page(query=replace(query, prefix=(query.prefix or "").strip().casefold() or None))


def fact_list(*, query: FactListQuery, evidence_limit: int = 5) -> Page[FactRecord]:
    """Facts (relations) with their evidence, by type, subject, object, status and document, in key
    order. Subject and object are found as the entity pages find a key (another case, an exact alias,
    a merged-away key)."""
    query = replace(
        query,
        type=RelType(query.type).value if query.type else None,
        subject=_located(query.subject),
        object=_located(query.object),
    )
    return repository.fact_list(query=query, evidence_limit=evidence_limit)


def entity_locate(*, key: str) -> EntityLocation:
    """Where a key lives, for pages and API alike: itself, the survivor of a merge, the one entity
    with that exact alias, or any of these for the key in lower case (keys are lower-case slugs:
    /models/LLaMA is llama)."""
    location = repository.entity_locate(key=key) or _located_by_name(key)
    if location is None:
        raise EntityNotFound(f"No entity with key '{key}'.", detail={"key": key})
    return location


LOOKUP_MAX = 100


def entities_lookup(*, keys: list[str]) -> tuple[list[EntityMatch], list[str]]:
    """Up to LOOKUP_MAX keys at once, each found as the API's detail endpoints find one (itself,
    another case, a merged-away key, an exact alias): the matches in the order asked, and the keys
    that name nothing."""
    if not 1 <= len(keys) <= LOOKUP_MAX:
        raise InvalidQuery(f"Look up 1 to {LOOKUP_MAX} keys at once.", detail={"keys": len(keys)})
    wanted = list(dict.fromkeys(keys))
    found = repository.entities_lookup(keys=wanted)
    matches = [
        EntityMatch(requested=key, key=location.key, label=location.label, name=name, via=location.via)
        for key in wanted
        if key in found
        for location, name in [found[key]]
    ]
    return matches, [key for key in wanted if key not in found]


NAME_MAX = 100


def _located_by_name(text: str) -> EntityLocation | None:
    """The one entity whose name or an alias reads the same as `text` once case, script (繁/简),
    spaces and punctuation are set aside (GPT3 → GPT-3, flan_t5 → Flan-T5); none when two do."""
    folded = compact(simplified(text).casefold())
    if not folded or len(text) > NAME_MAX:  # no name is that long (and a fuzzy search of it is refused)
        return None
    hits = entity_search(query=text, limit=10)
    same = {
        (hit.key, hit.label)
        for hit in hits
        if any(compact(simplified(form).casefold()) == folded for form in (hit.name, *hit.aliases))
    }
    if len(same) != 1:
        return None
    key, label = same.pop()
    return EntityLocation(key=key, label=label, via="name")


def entity_evidence(
    *, key: str, status: str | None = None, after: Position | None = None, limit: int = 50
) -> Page[ClaimRecord]:
    """Every statement about an entity (its relations at either end, its attributes), in document order."""
    location = entity_locate(key=key)
    return repository.entity_claims(key=location.key, status=status, after=after, limit=limit)


def lineage_path(
    *, source: str, target: str, types: list[str] | None = None, include_unreviewed: bool | float = True
) -> LineagePath:
    """The shortest chain of lineage edges between two entities, following edges either way."""
    ends = [entity_locate(key=source), entity_locate(key=target)]
    rel_types = [RelType.from_kebab(t).value for t in types] if types else [t.value for t in LINEAGE_TYPES]
    if ends[0].key == ends[1].key:
        entity = entity_get(key=ends[0].key)
        return LineagePath(nodes=(EntityRef(key=entity.key, label=entity.label, name=entity.name),), edges=())
    path = repository.lineage_path(
        source=ends[0].key, target=ends[1].key, types=rel_types, include_unreviewed=include_unreviewed
    )
    if path is None:
        raise EntityNotFound(
            f"No lineage path between '{source}' and '{target}'.", detail={"from": source, "to": target}
        )
    return path


def graph_state() -> GraphState:
    """The graph's current version: read before a response is built, so an ETag never claims more."""
    return repository.graph_state()


# --- end API

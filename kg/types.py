"""Frozen dataclasses that leave the repository: nothing from the driver escapes it.

A source document's types (what ingest hands the loader, what a document read returns) live in
kg/documents.py, its extraction report in kg/report.py.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar


@dataclass(frozen=True)
class EntityRef:
    key: str
    label: str
    name: str


@dataclass(frozen=True)
class Evidence:
    quote: str
    start: int
    end: int
    document_key: str
    document_title: str
    language: str
    extractor: str
    extractor_version: str
    confidence: float
    url: str = ""  # a curator's source outside the graph's documents (a web page, an arXiv paper)


@dataclass(frozen=True)
class AttributeValue:
    name: str
    value: int | float | str
    status: str
    evidence: Evidence | None


@dataclass(frozen=True)
class Relation:
    fact_key: str
    type: str
    subject: EntityRef
    object: EntityRef
    status: str
    confidence: float
    evidence: tuple[Evidence, ...] = ()  # the strongest few
    kind: str | None = None  # lineage kind (kg.vocabulary.LineageKind) where the sources say one
    conflict: str | None = None  # why sync holds the fact for review (kg.vocabulary.Conflict)
    evidence_count: int = 0  # every claim supporting it (more than `evidence` holds when many do)

    @property
    def evidence_more(self) -> int:
        """Claims beyond the few the read carries."""
        return max(self.evidence_count - len(self.evidence), 0)


@dataclass(frozen=True)
class Entity:
    key: str
    label: str
    name: str
    aliases: tuple[str, ...]
    properties: dict[str, int | float | str]
    attributes: tuple[AttributeValue, ...] = ()
    outgoing: tuple[Relation, ...] = ()
    incoming: tuple[Relation, ...] = ()
    documents: tuple[EntityRef, ...] = ()


@dataclass(frozen=True)
class LineageEdge:
    source: str
    target: str
    type: str
    status: str
    confidence: float
    kind: str | None = None  # lineage kind (kg.vocabulary.LineageKind) where the sources say one
    conflict: str | None = None  # why sync holds the fact for review (kg.vocabulary.Conflict)
    fact: str | None = None  # the fact's key: its evidence and decision are at /api/v1/facts/<fact>


@dataclass(frozen=True)
class LineageNode:
    key: str
    name: str
    released: str | None
    hops: int
    direction: str  # "self", "up" (ancestor) or "down" (descendant)


@dataclass(frozen=True)
class Lineage:
    root: EntityRef
    nodes: tuple[LineageNode, ...]
    edges: tuple[LineageEdge, ...]


@dataclass(frozen=True)
class SearchHit:
    key: str
    label: str
    name: str
    aliases: tuple[str, ...]
    score: float


# --- curation: the review queue and the states an audit log records ---------------------------


@dataclass(frozen=True)
class EvidenceInContext:
    """A claim's quote with the document text around it, for a reviewer to judge it in place."""

    quote: str
    before: str
    after: str
    start: int
    end: int
    document_key: str
    document_title: str
    language: str
    extractor: str
    confidence: float
    url: str = ""  # a curator's source outside the graph's documents (a web page, an arXiv paper)


@dataclass(frozen=True)
class FactReview:
    key: str
    type: str
    subject: EntityRef
    object: EntityRef
    status: str
    decision: str | None
    curated: bool
    confidence: float
    version: str  # changes whenever the fact's state does: what If-Match compares against
    evidence: tuple[EvidenceInContext, ...] = ()  # the strongest few (a read says how many)
    evidence_total: int = 0  # every claim supporting it; the rest page through fact_evidence
    withdrawn_sources: tuple[str, ...] = ()  # documents withdrawn that stated it (a decision kept it)
    new_evidence: tuple[str, ...] = ()  # documents that came to state it after a curator decided it


@dataclass(frozen=True)
class ReviewPage:
    facts: tuple[FactReview, ...]
    total: int


@dataclass(frozen=True)
class Change:
    """One curation write: what it touched and its state before and after (JSON-ready dicts)."""

    target_kind: str  # "fact", "entity" or "document"
    target_key: str
    before: dict | None
    after: dict | None


@dataclass(frozen=True)
class MergeSuggestion:
    key: str
    other_key: str
    label: str
    name: str
    other_name: str
    score: float
    reason: str
    document_key: str


# --- pages: what the browsable pages read, each page in one transaction -------------------------


@dataclass(frozen=True)
class RelationTotal:
    """How many relations of one type an entity has on one side, and how many a page shows."""

    type: str
    side: str  # "out": the entity is the subject; "in": the object
    total: int
    shown: int

    @property
    def hidden(self) -> int:
        return self.total - self.shown


@dataclass(frozen=True)
class LinkedEntity:
    """An entity seen from another one: through which relation, and when it came out."""

    key: str
    label: str
    name: str
    type: str  # the relation type joining the two
    status: str
    date: str | None  # a model's release or a paper's year, as the data has it


@dataclass(frozen=True)
class ParentState:
    """A direct lineage parent with what a child is compared against."""

    parent: EntityRef
    type: str
    status: str
    properties: dict[str, int | float | str]
    techniques: tuple[EntityRef, ...]
    kind: str | None = None
    conflict: str | None = None


@dataclass(frozen=True)
class ParentChange:
    """What a model changed against one direct parent: attributes and techniques."""

    parent: EntityRef
    type: str
    status: str
    kind: str | None
    conflict: str | None
    added: tuple[tuple[str, int | float | str], ...]
    dropped: tuple[tuple[str, int | float | str], ...]
    changed: tuple[tuple[str, int | float | str, int | float | str], ...]  # (name, parent's, child's)
    techniques_added: tuple[EntityRef, ...]
    # The parent's techniques this model's sources do not mention: not stated, not known dropped.
    techniques_not_stated: tuple[EntityRef, ...]


@dataclass(frozen=True)
class ModelView:
    entity: Entity
    lineage: Lineage
    parents: tuple[ParentState, ...]
    relation_totals: tuple[RelationTotal, ...] = ()  # per type and side, when the page shows only some
    documents_total: int = 0  # documents mentioning the model (the page lists the latest few)
    unreviewed_total: int = 0  # its facts still proposed (the default page leaves them out)
    lineage_shown: int | None = None  # set when a side of the lineage was cut at this many models


@dataclass(frozen=True)
class EntityView:
    entity: Entity
    links: tuple[LinkedEntity, ...]  # what points at the entity, by relation type then date
    relation_totals: tuple[RelationTotal, ...] = ()  # per type and side, when the page shows only some
    documents_total: int = 0  # documents mentioning the entity (the page lists the latest few)
    unreviewed_total: int = 0  # its facts still proposed (the default page leaves them out)


@dataclass(frozen=True)
class Family:
    """A lineage family: a model without lineage parents and what descends from it."""

    root: EntityRef
    size: int
    members: tuple[EntityRef, ...]  # a few, for the home page
    capped: bool = False  # size is a lower bound: counting stopped there


@dataclass(frozen=True)
class ModelSummary:
    """One column of the comparison table."""

    ref: EntityRef
    properties: dict[str, int | float | str]
    techniques: tuple[EntityRef, ...]
    organizations: tuple[EntityRef, ...]
    papers: tuple[EntityRef, ...]
    parents: tuple[EntityRef, ...]
    parent_kinds: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # parent key → (type, kind)


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    type: str
    status: str
    kind: str | None = None


@dataclass(frozen=True)
class Neighbourhood:
    center: EntityRef
    nodes: tuple[tuple[EntityRef, int], ...]  # (node, hops from the center)
    edges: tuple[GraphEdge, ...]
    truncated: bool = False  # a ring had more entities than it shows (the best connected are kept)


# --- end pages


# --- API reads: lists, provenance, paths (kg.selectors builds them, api/ serializes them) -------

# A list position: the sort values of the last row served, ending with its unique key.
Position = tuple[int | float | str | None, ...]
T = TypeVar("T")


@dataclass(frozen=True)
class EntitySummary:
    key: str
    label: str
    name: str
    aliases: tuple[str, ...]
    properties: dict[str, int | float | str]
    # The list's columns, computed for the page's rows only: who developed (published) it; for a
    # model its lineage parents and how many models descend from it (counted up to
    # LIST_DESCENDANTS_CAP); for another label how many models link to it (developed by, use,
    # introduced in, trained on); and how many documents mention it.
    organizations: tuple[EntityRef, ...] = ()
    parents: tuple[EntityRef, ...] = ()
    descendants: int | None = None
    models: int | None = None
    sources: int = 0


# The optional filters of an entity list, each None when unset (the API's and the pages' parameters).
ENTITY_LIST_FILTERS = (
    "organization",
    "technique",
    "released_from",
    "released_to",
    "parameters_min",
    "parameters_max",
    "has_lineage",
)


@dataclass(frozen=True)
class EntityListQuery:
    label: str
    ordering: str = "name"  # one of kg.repository.ENTITY_ORDERINGS
    limit: int = 50
    after: Position | None = None
    prefix: str | None = None
    organization: str | None = None
    technique: str | None = None
    released_from: int | None = None
    released_to: int | None = None
    parameters_min: float | None = None
    parameters_max: float | None = None
    has_lineage: bool | None = None  # a model with a lineage parent or child (True), or with neither


@dataclass(frozen=True)
class DocumentListQuery:
    ordering: str = "-ingested"  # one of kg.repository.DOCUMENT_ORDERINGS
    limit: int = 50
    after: Position | None = None
    prefix: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    next: Position | None  # where the next page starts, None on the last page
    # How many items the whole list holds, where the list counts them: exact up to a cap, beyond it
    # `count` is the cap and `count_exact` False (counting further would cost more than the page).
    count: int | None = None
    count_exact: bool = True


@dataclass(frozen=True)
class FactRecord:
    key: str
    type: str
    subject: EntityRef
    object: EntityRef
    status: str
    decision: str | None
    curated: bool
    confidence: float
    evidence: tuple[Evidence, ...]
    evidence_count: int
    kind: str | None = None
    conflict: str | None = None


@dataclass(frozen=True)
class FactListQuery:
    limit: int = 50
    after: Position | None = None
    type: str | None = None  # a RelType value
    subject: str | None = None
    object: str | None = None
    status: str | None = None
    document: str | None = None  # only facts a claim in this document (or citing it) supports
    include_unreviewed: bool = True  # False: no proposed fact (accepted and rejected ones only)


@dataclass(frozen=True)
class ClaimRecord:
    """One statement in one document: evidence for a relation (fact) or an attribute value."""

    key: str
    kind: str  # "relation" or "attribute"
    status: str
    evidence: Evidence
    fact: FactRecord | None = None  # kind "relation" (its own evidence left empty)
    attribute: str | None = None  # kind "attribute"
    value: int | float | str | None = None


@dataclass(frozen=True)
class EntityMatch:
    """One key of a bulk lookup and the entity it names."""

    requested: str
    key: str
    label: str
    name: str
    via: str  # as EntityLocation.via


@dataclass(frozen=True)
class EntityLocation:
    """Where a requested key really lives: itself, a merge survivor (redirect) or an alias's owner."""

    key: str
    label: str
    via: str  # "key", "redirect", "alias" or "name" (the same name once case and punctuation are set aside)


@dataclass(frozen=True)
class LineagePath:
    nodes: tuple[EntityRef, ...]
    edges: tuple[LineageEdge, ...]


@dataclass(frozen=True)
class GraphState:
    """A token that changes on every write, and when: what ETags and Last-Modified derive from."""

    version: str | None
    updated_at: datetime | None


# --- end API reads

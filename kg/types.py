"""Frozen dataclasses that leave the repository: nothing from the driver escapes it."""

from dataclasses import dataclass, field
from datetime import datetime


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
    evidence: tuple[Evidence, ...] = ()


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


@dataclass(frozen=True)
class DocumentSummary:
    key: str
    title: str
    language: str
    sha256: str
    chars: int
    ingested_at: datetime | None


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    language: str
    sha256: str
    chars: int
    ingested_at: datetime | None
    text: str
    report: dict = field(default_factory=dict)
    mentions: tuple[tuple[int, int, str, str], ...] = ()  # (start, end, entity key, label)


@dataclass(frozen=True)
class LoadResult:
    document_key: str
    changed: bool
    entities: int
    facts: int
    claims: int


# --- what the graph is asked to store (built by ingest, curation and import) -------------------


@dataclass(frozen=True)
class EntityIn:
    key: str
    label: str
    name: str
    aliases: tuple[str, ...]
    properties: dict[str, int | float | str]  # descriptive, set where the node has none yet
    mention_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class ClaimIn:
    quote: str
    start: int
    end: int
    extractor: str
    extractor_version: str
    confidence: float


@dataclass(frozen=True)
class FactIn:
    subject: str
    type: str
    object: str
    claims: tuple[ClaimIn, ...]


@dataclass(frozen=True)
class AttributeIn:
    entity: str
    name: str
    value: int | float | str
    claim: ClaimIn


@dataclass(frozen=True)
class DocumentIn:
    key: str
    title: str
    language: str
    sha256: str
    text: str
    extractor_version: str
    properties: dict[str, object]  # chars, encoding, script, supported, report (JSON text) ...
    entities: tuple[EntityIn, ...]
    facts: tuple[FactIn, ...]
    attributes: tuple[AttributeIn, ...]


# --- pages: what the browsable pages read, each page in one transaction -------------------------


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


@dataclass(frozen=True)
class ParentChange:
    """What a model changed against one direct parent: attributes and techniques."""

    parent: EntityRef
    type: str
    status: str
    added: tuple[tuple[str, int | float | str], ...]
    dropped: tuple[tuple[str, int | float | str], ...]
    changed: tuple[tuple[str, int | float | str, int | float | str], ...]  # (name, parent's, child's)
    techniques_added: tuple[EntityRef, ...]
    techniques_dropped: tuple[EntityRef, ...]


@dataclass(frozen=True)
class ModelView:
    entity: Entity
    lineage: Lineage
    parents: tuple[ParentState, ...]


@dataclass(frozen=True)
class EntityView:
    entity: Entity
    links: tuple[LinkedEntity, ...]  # what points at the entity, by relation type then date


@dataclass(frozen=True)
class Family:
    """A lineage family: a model without lineage parents and what descends from it."""

    root: EntityRef
    size: int
    members: tuple[EntityRef, ...]  # a few, for the home page


@dataclass(frozen=True)
class ModelSummary:
    """One column of the comparison table."""

    ref: EntityRef
    properties: dict[str, int | float | str]
    techniques: tuple[EntityRef, ...]
    organizations: tuple[EntityRef, ...]
    papers: tuple[EntityRef, ...]
    parents: tuple[EntityRef, ...]


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    type: str
    status: str


@dataclass(frozen=True)
class Neighbourhood:
    center: EntityRef
    nodes: tuple[tuple[EntityRef, int], ...]  # (node, hops from the center)
    edges: tuple[GraphEdge, ...]


# --- end pages

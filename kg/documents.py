"""A source document's frozen dataclasses: what ingest hands the loader (DocumentIn and its
entities, facts, claims and attribute values) and what reading a document gives back."""

from dataclasses import dataclass
from datetime import datetime

from kg.report import ExtractionReport

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
    kind: str = ""  # lineage kind the statement says (kg.vocabulary.LineageKind), "" when none


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
    properties: dict[str, object]  # chars, encoding, script, supported, report (ExtractionReport.to_json()) ...
    entities: tuple[EntityIn, ...]
    facts: tuple[FactIn, ...]
    attributes: tuple[AttributeIn, ...]
    # The Paper this document is the text of (a submission's arXiv id): linked to an existing Paper of
    # that key or arxiv_id, else created; its MENTIONED_IN edge says `paper_text: true`.
    paper: EntityIn | None = None


# --- what reading a document gives back


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
    report: ExtractionReport | None = None  # None when the document stores none
    mentions: tuple[tuple[int, int, str, str], ...] = ()  # (start, end, entity key, label)
    paper: "PaperLink | None" = None  # the Paper this document is the text of


@dataclass(frozen=True)
class PaperLink:
    key: str
    name: str
    arxiv_id: str


@dataclass(frozen=True)
class LoadResult:
    document_key: str
    changed: bool
    entities: int
    facts: int
    claims: int

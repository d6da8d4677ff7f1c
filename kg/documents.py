"""A source document's frozen dataclasses: what ingest hands the loader (DocumentIn and its
entities, facts, claims and attribute values) and what reading a document gives back."""

from dataclasses import asdict, dataclass
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
class FactBrief:
    """A fact as a withdrawal lists it: what it says and why it stays or goes."""

    key: str
    type: str
    subject: str
    object: str
    status: str
    decision: str | None
    curated: bool


@dataclass(frozen=True)
class DocumentRemoval:
    """What withdrawing a document removes and keeps, computed by the deletion itself (a preview is
    the same deletion rolled back, so it lists exactly what the real one does)."""

    key: str
    title: str
    sha256: str
    removed_facts: tuple[FactBrief, ...]  # only this document supported them
    kept_facts: tuple[FactBrief, ...]  # only this document supported them, but a curator decided or made them
    other_facts: int  # facts other documents state too: they stay, with one source fewer
    removed_entities: tuple[str, ...]  # nothing else mentions, joins or describes them
    claims: int  # the document's statements (relation and attribute claims)

    def to_dict(self) -> dict:
        """JSON-ready, for the audit log and the API."""
        return {
            "key": self.key,
            "title": self.title,
            "sha256": self.sha256,
            "removed_facts": [asdict(f) for f in self.removed_facts],
            "kept_facts": [asdict(f) for f in self.kept_facts],
            "other_facts": self.other_facts,
            "removed_entities": list(self.removed_entities),
            "claims": self.claims,
        }

    @classmethod
    def from_dict(cls, stored: dict) -> "DocumentRemoval":
        """Back from to_dict()'s JSON (as the audit log keeps it)."""
        return cls(
            **dict(
                stored,
                removed_facts=tuple(FactBrief(**f) for f in stored["removed_facts"]),
                kept_facts=tuple(FactBrief(**f) for f in stored["kept_facts"]),
                removed_entities=tuple(stored["removed_entities"]),
            )
        )


@dataclass(frozen=True)
class LoadResult:
    document_key: str
    changed: bool
    entities: int
    facts: int
    claims: int

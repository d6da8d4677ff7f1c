"""Frozen result types of the extraction pipeline; every offset points into Extraction.text."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from kg.report import ExtractionReport


@dataclass(frozen=True)
class Evidence:
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class NoiseLine:
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class AttributeSource:
    """How an attribute value was read: the extractor (`kv:<key>`, `table:<header>`,
    `clause:<lang>:attribute`, `pronoun:attribute`, `section-subject:attribute` …) and how sure
    that reading is of the value's owner."""

    extractor: str
    confidence: float


@dataclass(frozen=True)
class EntityOut:
    key: str
    label: str
    name: str
    aliases: tuple[str, ...]
    attributes: Mapping[str, int | float | str]
    mentions: tuple[Mention, ...]
    attribute_evidence: Mapping[str, Evidence]
    confidence: float
    source: str  # "lexicon" | "open-vocabulary" | "arxiv" | "title"
    # Per stated attribute (the keys of attribute_evidence): how it was read.
    attribute_sources: Mapping[str, AttributeSource] = field(default_factory=lambda: MappingProxyType({}))
    # Every name the lexicon lists for it, in every language, whether this text used it or not:
    # the graph indexes them for search (羊驼 finds Alpaca after an English article about it).
    known_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelationOut:
    subject: str
    type: str
    object: str
    confidence: float
    evidence: tuple[Evidence, ...]
    extractor: str
    kind: str = ""  # lineage kind where the text says it (kg.vocabulary.LineageKind)


@dataclass(frozen=True)
class MergeProposal:
    key: str
    other_key: str
    score: float
    reason: str


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    language: str
    script: str | None
    sha256: str
    chars: int
    encoding: str
    supported: bool  # its language has a lexicon: sentences are read for relations
    language_confidence: float = 1.0
    language_method: str = "forced"  # forced | script | detector | none
    language_sure: bool = True  # False: a guess the text is too short or ambiguous to back


@dataclass(frozen=True)
class Extraction:
    document: DocumentInfo
    text: str
    noise: tuple[NoiseLine, ...]
    entities: tuple[EntityOut, ...]
    relations: tuple[RelationOut, ...]
    merge_proposals: tuple[MergeProposal, ...]
    report: ExtractionReport = ExtractionReport()

"""The shared state of one extraction run, built stage by stage."""

import bisect
from dataclasses import dataclass, field

from ingest.pipeline.recognize import Found
from ingest.pipeline.segment import Segmentation, Unit
from ingest.pipeline.types import Evidence
from ingest.pipeline.view import View
from kg.vocabulary import allows


@dataclass(frozen=True)
class Draft:
    """One statement of a relation, before statements of the same fact are merged."""

    subject: str
    type: str
    object: str
    confidence: float
    evidence: Evidence
    extractor: str
    # How surely the subject was read (3: named in the clause, 2: inferred nearby, 1: section
    # subject, 0: structure or implication): settles statements that contradict each other.
    rank: int = 0
    kind: str = ""  # a lineage kind (kg.vocabulary.LineageKind) where the cue says one


@dataclass(frozen=True)
class Stated:
    """One statement of an attribute value: where it was said and how its owner was read."""

    value: int | float | str
    evidence: Evidence
    extractor: str
    confidence: float


@dataclass
class Context:
    original: str
    view: View
    text: str  # case-preserved view with noise lines blanked
    lower: str
    language: str
    supported: bool
    segmentation: Segmentation
    mentions: list[Found] = field(default_factory=list)  # sorted, non-overlapping
    labels: dict[str, str] = field(default_factory=dict)  # key → label
    subjects: dict[int, Found] = field(default_factory=dict)  # section → its subject's mention
    papers: dict[int, list[str]] = field(default_factory=dict)  # section → paper keys its kv lines name
    attributes: dict[str, dict[str, Stated]] = field(default_factory=dict)
    drafts: list[Draft] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def index_mentions(self) -> None:
        self.mentions.sort(key=lambda f: (f.start, -f.end))
        self._starts = [f.start for f in self.mentions]
        for found in self.mentions:
            self.labels.setdefault(found.key, found.label)

    def mentions_in(self, *, start: int, end: int) -> list[Found]:
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end)
        return [f for f in self.mentions[first:last] if f.end <= end]

    def evidence(self, *, start: int, end: int) -> Evidence:
        begin, finish = self.view.span(start=start, end=end)
        return Evidence(quote=self.original[begin:finish], start=begin, end=finish)

    def unit_evidence(self, *, unit: Unit) -> Evidence:
        return self.evidence(start=unit.start, end=unit.end)

    def subject_of(self, *, section: int) -> Found | None:
        """The nearest section subject, walking up through parent sections."""
        index: int | None = section
        while index is not None:
            if index in self.subjects:
                return self.subjects[index]
            index = self.segmentation.sections[index].parent
        return None

    def paper_of(self, *, section: int) -> list[str]:
        """Papers named by this section's own paper lines (a sibling's or parent's paper is not
        the one this section's sentences talk about)."""
        return self.papers.get(section, [])

    def relate(
        self,
        *,
        subject: str,
        type_: str,
        obj: str,
        confidence: float,
        evidence: Evidence,
        extractor: str,
        rank: int = 0,
        kind: str = "",
    ) -> bool:
        """Record a statement if the vocabulary allows it (labels) and it is not reflexive."""
        if subject == obj or not allows(type_, self.labels.get(subject), self.labels.get(obj)):
            return False
        self.drafts.append(Draft(subject, type_, obj, round(confidence, 2), evidence, extractor, rank, kind))
        return True

    def set_attribute(
        self,
        *,
        key: str,
        name: str,
        value: int | float | str,
        evidence: Evidence,
        extractor: str,
        confidence: float,
    ) -> None:
        """The surest statement of an attribute wins, the first of equally sure ones (key-value
        lines are read first): a value read from the section's subject gives way to one the text
        states of the model by name."""
        stated = self.attributes.setdefault(key, {})
        known = stated.get(name)
        if known is None or confidence > known.confidence:
            stated[name] = Stated(value, evidence, extractor, round(confidence, 2))

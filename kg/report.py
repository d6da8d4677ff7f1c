"""The extraction report: what one run of the pipeline found, dropped and took how long for.

The pipeline builds it (`Extraction.report`), ingest stores it on the Document node (JSON text) and
on the Submission (JSON), the document page and the API read it back. `to_dict()` is the stored
shape; `from_dict()` reads any stored report, older ones missing keys included.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

_NONE: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class NoiseLine:
    line: int | None  # 1-based; None where an older report has none
    text: str
    reason: str


@dataclass(frozen=True)
class MergeProposal:
    key: str
    other_key: str
    score: float | None
    reason: str


@dataclass(frozen=True)
class LowConfidenceFact:
    subject: str
    type: str
    object: str
    confidence: float | None


@dataclass(frozen=True)
class LanguageDetection:
    method: str = ""  # forced | script | detector | none ("" for older reports)
    confidence: float | None = None
    sure: bool | None = None  # False: the detector's guess is too weak to back; None in older reports


@dataclass(frozen=True)
class ExtractionReport:
    entities_by_label: Mapping[str, int] = field(default_factory=lambda: _NONE)
    relations_by_type: Mapping[str, int] = field(default_factory=lambda: _NONE)
    noise_lines: int = 0
    noise_by_reason: Mapping[str, int] = field(default_factory=lambda: _NONE)
    low_confidence_relations: int = 0
    low_confidence_facts: tuple[LowConfidenceFact, ...] = ()
    language: str = ""
    language_detection: LanguageDetection = LanguageDetection()
    language_supported: bool | None = None  # None in reports older than the field
    language_note: str = ""  # why sentences were not read, for a language without a lexicon
    merge_proposals: tuple[MergeProposal, ...] = ()
    lexicon_problems: tuple[str, ...] = ()
    timings_ms: Mapping[str, float] = field(default_factory=lambda: _NONE)  # per pipeline stage, in order
    extractor: str = ""  # name/version
    noise: tuple[NoiseLine, ...] = ()
    # Statements of a fact not stored as claims: the same sentence again (counted once), and distinct
    # sentences beyond the cap of claims per fact per document (INGEST_MAX_CLAIMS_PER_FACT_PER_DOCUMENT).
    statements_repeated: int = 0
    statements_over_cap: int = 0
    claims_cap: int | None = None  # the cap in force for this run (None in reports older than it)
    # Keys this type does not know (a synthetic document's), kept as they came so nothing is lost.
    extra: Mapping[str, object] = field(default_factory=lambda: _NONE)

    def to_dict(self) -> dict:
        """The stored shape (JSON-ready), keys in the order ingest has always written them."""
        return {
            "entities_by_label": dict(self.entities_by_label),
            "relations_by_type": dict(self.relations_by_type),
            "noise_lines": self.noise_lines,
            "noise_by_reason": dict(self.noise_by_reason),
            "low_confidence_relations": self.low_confidence_relations,
            "low_confidence_facts": [
                {"subject": f.subject, "type": f.type, "object": f.object, "confidence": f.confidence}
                for f in self.low_confidence_facts
            ],
            "language": self.language,
            "language_detection": {
                "method": self.language_detection.method,
                "confidence": self.language_detection.confidence,
                "sure": self.language_detection.sure,
            },
            "language_supported": self.language_supported,
            "language_note": self.language_note,
            "merge_proposals": [
                {"key": m.key, "other_key": m.other_key, "score": m.score, "reason": m.reason}
                for m in self.merge_proposals
            ],
            "lexicon_problems": list(self.lexicon_problems),
            "timings_ms": dict(self.timings_ms),
            "extractor": self.extractor,
            "noise": [{"line": n.line, "text": n.text, "reason": n.reason} for n in self.noise],
            "statements_repeated": self.statements_repeated,
            "statements_over_cap": self.statements_over_cap,
            "claims_cap": self.claims_cap,
            **self.extra,
        }

    def to_json(self) -> str:
        """The Document node's `report` property."""
        return json.dumps(self.to_dict(), ensure_ascii=False, default=str)

    @classmethod
    def from_dict(cls, data: Mapping) -> "ExtractionReport":
        """Any stored report: a missing or malformed part reads as empty, unknown keys go to `extra`."""
        detection = data.get("language_detection")
        detection = detection if isinstance(detection, Mapping) else {}
        supported = data.get("language_supported")
        return cls(
            entities_by_label=_counts(data.get("entities_by_label"), int),
            relations_by_type=_counts(data.get("relations_by_type"), int),
            noise_lines=_whole(data.get("noise_lines")) or 0,
            noise_by_reason=_counts(data.get("noise_by_reason"), int),
            low_confidence_relations=_whole(data.get("low_confidence_relations")) or 0,
            low_confidence_facts=tuple(
                LowConfidenceFact(
                    subject=str(row.get("subject", "")),
                    type=str(row.get("type", "")),
                    object=str(row.get("object", "")),
                    confidence=_number(row.get("confidence")),
                )
                for row in _rows(data.get("low_confidence_facts"))
            ),
            language=str(data.get("language") or ""),
            language_detection=LanguageDetection(
                method=str(detection.get("method") or ""),
                confidence=_number(detection.get("confidence")),
                sure=detection["sure"] if isinstance(detection.get("sure"), bool) else None,
            ),
            language_supported=supported if isinstance(supported, bool) else None,
            language_note=str(data.get("language_note") or ""),
            merge_proposals=tuple(
                MergeProposal(
                    key=str(row.get("key", "")),
                    other_key=str(row.get("other_key", "")),
                    score=_number(row.get("score")),
                    reason=str(row.get("reason", "")),
                )
                for row in _rows(data.get("merge_proposals"))
            ),
            lexicon_problems=tuple(str(p) for p in _list(data.get("lexicon_problems")) if p),
            timings_ms=_counts(data.get("timings_ms"), float),
            extractor=str(data.get("extractor") or ""),
            noise=tuple(
                NoiseLine(
                    line=_whole(row.get("line")), text=str(row.get("text", "")), reason=str(row.get("reason", ""))
                )
                for row in _rows(data.get("noise"))
            ),
            statements_repeated=_whole(data.get("statements_repeated")) or 0,
            statements_over_cap=_whole(data.get("statements_over_cap")) or 0,
            claims_cap=_whole(data.get("claims_cap")),
            extra=MappingProxyType({k: v for k, v in data.items() if k not in _KNOWN}),
        )

    @classmethod
    def from_json(cls, text: str | None) -> "ExtractionReport | None":
        """A Document node's `report` property; None when it holds none (or nothing readable)."""
        try:
            data = json.loads(text or "{}")
        except ValueError:
            return None
        return cls.from_dict(data) if isinstance(data, Mapping) and data else None


_KNOWN = frozenset(ExtractionReport.__dataclass_fields__) - {"extra"}


def _number(value: object) -> float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _rows(value: object) -> list[Mapping]:
    return [row for row in _list(value) if isinstance(row, Mapping)]


def _counts(value: object, kind: type) -> Mapping:
    if not isinstance(value, Mapping):
        return _NONE
    return MappingProxyType({str(k): kind(v) for k, v in value.items() if _number(v) is not None})

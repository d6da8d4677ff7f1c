"""Shapes a document's stored extraction report for its page; tolerant of older reports missing keys."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NoiseLine:
    line: int | None
    reason: str
    text: str


@dataclass(frozen=True)
class MergeProposal:
    key: str
    other_key: str
    score: float | None
    reason: str


@dataclass(frozen=True)
class LowConfidence:
    subject: str
    type: str
    object: str
    confidence: float | None


@dataclass(frozen=True)
class ReportView:
    extractor: str
    language: str
    language_method: str  # forced | script | detector | none ("" for older reports)
    language_confidence: float | None
    language_note: str
    entities: tuple[tuple[str, int], ...]
    relations: tuple[tuple[str, int], ...]
    noise: tuple[NoiseLine, ...]
    noise_by_reason: tuple[tuple[str, int], ...]
    timings: tuple[tuple[str, float], ...]
    merge_proposals: tuple[MergeProposal, ...]
    low_confidence: tuple[LowConfidence, ...]
    lexicon_problems: tuple[str, ...]

    @property
    def entities_total(self) -> int:
        return sum(n for _, n in self.entities)

    @property
    def relations_total(self) -> int:
        return sum(n for _, n in self.relations)

    @property
    def timings_total(self) -> float:
        return round(sum(ms for _, ms in self.timings), 1)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _counts(value: object) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, dict):
        return ()
    return tuple(sorted(((str(k), int(v)) for k, v in value.items()), key=lambda kv: (-kv[1], kv[0])))


def _rows(value: object) -> list[dict]:
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def report_view(*, report: dict) -> ReportView:
    timings = report.get("timings_ms")
    return ReportView(
        extractor=str(report.get("extractor") or ""),
        language=str(report.get("language") or ""),
        language_method=str((report.get("language_detection") or {}).get("method") or ""),
        language_confidence=_number((report.get("language_detection") or {}).get("confidence")),
        language_note=str(report.get("language_note") or ""),
        entities=_counts(report.get("entities_by_label")),
        relations=_counts(report.get("relations_by_type")),
        noise=tuple(
            NoiseLine(line=row.get("line"), reason=str(row.get("reason", "")), text=str(row.get("text", "")))
            for row in _rows(report.get("noise"))
        ),
        noise_by_reason=_counts(report.get("noise_by_reason")),
        timings=tuple((str(k), float(v)) for k, v in timings.items()) if isinstance(timings, dict) else (),
        merge_proposals=tuple(
            MergeProposal(
                key=str(row.get("key", "")),
                other_key=str(row.get("other_key", "")),
                score=row.get("score"),
                reason=str(row.get("reason", "")),
            )
            for row in _rows(report.get("merge_proposals"))
        ),
        low_confidence=tuple(
            LowConfidence(
                subject=str(row.get("subject", "")),
                type=str(row.get("type", "")),
                object=str(row.get("object", "")),
                confidence=row.get("confidence"),
            )
            for row in _rows(report.get("low_confidence_facts"))
        ),
        lexicon_problems=tuple(str(p) for p in report.get("lexicon_problems") or () if p),
    )

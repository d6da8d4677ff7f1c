"""Shapes a document's extraction report (kg.report.ExtractionReport) for its page."""

from dataclasses import dataclass

from kg.report import ExtractionReport, LowConfidenceFact, MergeProposal, NoiseLine


@dataclass(frozen=True)
class ReportView:
    extractor: str
    language: str
    language_method: str  # forced | script | detector | none ("" for older reports)
    language_confidence: float | None
    language_unsure: bool  # the detector's answer was a weak guess
    language_note: str
    entities: tuple[tuple[str, int], ...]
    relations: tuple[tuple[str, int], ...]
    noise: tuple[NoiseLine, ...]
    noise_by_reason: tuple[tuple[str, int], ...]
    timings: tuple[tuple[str, float], ...]
    merge_proposals: tuple[MergeProposal, ...]
    low_confidence: tuple[LowConfidenceFact, ...]
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


def _counts(counts) -> tuple[tuple[str, int], ...]:
    """Most first, then by name."""
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def report_view(*, report: ExtractionReport) -> ReportView:
    return ReportView(
        extractor=report.extractor,
        language=report.language,
        language_method=report.language_detection.method,
        language_confidence=report.language_detection.confidence,
        language_unsure=report.language_detection.sure is False,
        language_note=report.language_note,
        entities=_counts(report.entities_by_label),
        relations=_counts(report.relations_by_type),
        noise=report.noise,
        noise_by_reason=_counts(report.noise_by_reason),
        timings=tuple(report.timings_ms.items()),
        merge_proposals=report.merge_proposals,
        low_confidence=report.low_confidence_facts,
        lexicon_problems=report.lexicon_problems,
    )

"""Extraction half of the ingest pipeline: read → normalize → segment → recognize → relate → resolve."""

import hashlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

from ingest.pipeline.context import Context
from ingest.pipeline.errors import IngestError, InputTooLarge, UnreadableInput
from ingest.pipeline.language import LanguageInfo
from ingest.pipeline.types import Extraction
from kg.report import ExtractionReport, LanguageDetection, LowConfidenceFact, MergeProposal, NoiseLine

EXTRACTOR_NAME = "kg-ingest"
EXTRACTOR_VERSION = "0.5.1"
LOW_CONFIDENCE = 0.5

__all__ = [
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "Extraction",
    "IngestError",
    "InputTooLarge",
    "UnreadableInput",
    "extract",
    "extraction_to_json",
    "source_language",
    "warm_up",
]
# How much of a document's beginning source_language() reads: the detector samples 6,000 characters.
_HEAD_CHARS = 20_000

_STAGES = ("read", "normalize", "segment", "recognize", "relate", "resolve")
# Each stage's usual share of an extraction's time (measured on long articles): what progress reports.
_WEIGHTS = {"read": 1, "normalize": 3, "segment": 3, "recognize": 35, "relate": 55, "resolve": 3}
_DONE_BEFORE = {
    stage: sum(_WEIGHTS[s] for s in _STAGES[:position]) / sum(_WEIGHTS.values())
    for position, stage in enumerate(_STAGES)
}


def extract(
    source: bytes | str,
    *,
    name: str = "",
    language: str | None = None,
    progress: Callable[[str, float], None] | None = None,
    max_bytes: int | None = None,
    max_claims: int | None = None,
    known: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (),
) -> Extraction:
    """Run the whole extraction on one document; raises IngestError subclasses on bad input.

    `progress(stage, fraction)` is told each stage as it starts, with the share of the work done
    before it (by the stages' usual cost: recognize and relate take most), and ("resolve", 1.0) at
    the end. `max_claims` caps the evidence kept per fact (default: the Django setting). `known`:
    names to recognise besides the lexicon's, (key, label, name, aliases) each (the graph's curated
    entities, kg.selectors.curated_names)."""
    from ingest.pipeline import stages

    timings: dict[str, float] = {}
    state: dict = {
        "source": source,
        "name": name,
        "language": language,
        "max_bytes": _max_bytes(max_bytes),
        "max_claims": _max_claims(max_claims),
        "known": known,
    }
    for stage in _STAGES:
        if progress is not None:
            progress(stage, _DONE_BEFORE[stage])
        started = time.perf_counter()
        getattr(stages, stage)(state=state)
        timings[stage] = round((time.perf_counter() - started) * 1000, 2)
    if progress is not None:
        progress(_STAGES[-1], 1.0)
    return _assemble(state=state, timings=timings)


def source_language(source: bytes | str, *, name: str = "", max_bytes: int | None = None) -> LanguageInfo:
    """Read `source` as extract() does, refusing what it refuses with the same errors, and detect the
    language of its beginning as extract() would: the check a submission gets before it is queued."""
    from ingest.pipeline import stages

    state: dict = {"source": source, "name": name, "language": None, "max_bytes": _max_bytes(max_bytes)}
    stages.read(state=state)
    text = state["read"].text
    if len(text) > _HEAD_CHARS:
        cut = text.rfind("\n", 0, _HEAD_CHARS)
        state["read"] = replace(state["read"], text=text[: cut if cut > 0 else _HEAD_CHARS])
    stages.normalize(state=state)
    return state["detected"]


def warm_up() -> None:
    """Build the per-process matchers (lexicon regex, cue templates, language models) now, so
    the first document is not slow; a worker can call this when it starts."""
    extract("GPT-3 由 OpenAI 发布。GPT-3 was developed by OpenAI. GPT-3 wurde von OpenAI entwickelt.", max_bytes=1024)


def _max_bytes(value: int | None) -> int:
    return value if value is not None else _setting("INGEST_MAX_BYTES", 5 * 1024 * 1024)


def _max_claims(value: int | None) -> int:
    return value if value is not None else _setting("INGEST_MAX_CLAIMS_PER_FACT_PER_DOCUMENT", 20)


def _setting(name: str, default: int) -> int:
    try:
        from django.conf import settings

        return int(getattr(settings, name, default))
    except Exception:  # noqa: BLE001 - Django not installed or not configured: the plain default
        return default


def _assemble(*, state: dict, timings: dict[str, float]) -> Extraction:
    ctx: Context = state["ctx"]
    entities, relations = state["entities"], state["relations"]
    low = [r for r in relations if r.confidence < LOW_CONFIDENCE]
    document = state["document"]
    report = ExtractionReport(
        entities_by_label=MappingProxyType(dict(Counter(e.label for e in entities))),
        relations_by_type=MappingProxyType(dict(Counter(r.type for r in relations))),
        noise_lines=len(state["noise"]),
        noise_by_reason=MappingProxyType(dict(Counter(n.reason for n in state["noise"]))),
        low_confidence_relations=len(low),
        low_confidence_facts=tuple(
            LowConfidenceFact(subject=r.subject, type=r.type, object=r.object, confidence=r.confidence) for r in low
        ),
        language=document.language,
        language_detection=LanguageDetection(
            method=document.language_method, confidence=document.language_confidence, sure=document.language_sure
        ),
        language_supported=document.supported,
        language_note="" if document.supported else _unsupported_note(document.language),
        merge_proposals=tuple(
            MergeProposal(key=m.key, other_key=m.other_key, score=m.score, reason=m.reason) for m in state["proposals"]
        ),
        lexicon_problems=tuple(state["lexicon_problems"]),
        timings_ms=MappingProxyType(timings),
        extractor=f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION}",
        noise=tuple(NoiseLine(line=n.line, text=n.text, reason=n.reason) for n in state["noise"]),
        statements_repeated=state["statements_repeated"],
        statements_over_cap=state["statements_over_cap"],
        claims_cap=state["max_claims"],
    )
    return Extraction(
        document=state["document"],
        text=ctx.original,
        noise=state["noise"],
        entities=entities,
        relations=relations,
        merge_proposals=state["proposals"],
        report=report,
    )


def _unsupported_note(language: str) -> str:
    return (
        f"Language {language!r} has no lexicon: names, arXiv ids, numbers and the relations document structure "
        "states (key-value lines, tables, lists, arrows, name structure) were extracted; sentences were not read "
        "for relations. Force another language if the detection is wrong."
    )


def extraction_to_json(extraction: Extraction) -> dict:
    """The stable dry-run format (how quality is measured): keep its shape unchanged."""
    document = extraction.document
    return {
        "document": {
            "title": document.title,
            "language": document.language,
            "sha256": document.sha256,
            "chars": document.chars,
        },
        "noise": [{"line": n.line, "text": n.text} for n in extraction.noise],
        "entities": [
            {
                "key": e.key,
                "label": e.label,
                "name": e.name,
                "aliases": list(e.aliases),
                "attributes": dict(e.attributes),
                "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in e.mentions],
            }
            for e in extraction.entities
        ],
        "relations": [
            {
                "subject": r.subject,
                "type": r.type,
                "object": r.object,
                "confidence": r.confidence,
                "evidence": [{"quote": ev.quote, "start": ev.start, "end": ev.end} for ev in r.evidence],
            }
            for r in extraction.relations
        ],
    }


def sha256_of(*, text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

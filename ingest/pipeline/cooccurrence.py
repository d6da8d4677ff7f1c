"""Relate stage, co-occurrence part: a technique named in a model's own section or table row, in
a sentence about nothing else, is probably one the model uses (a low-confidence proposal)."""

import re

from ingest.lexicon.loader import load_lexicon
from ingest.pipeline.context import Context
from ingest.pipeline.discourse import row_subject
from ingest.pipeline.grammar import Grammar, grammar_for
from ingest.pipeline.segment import Unit

_CONFIDENCE = 0.4
# Ways to use or evaluate a model (zero-shot, chain-of-thought), not parts of it.
_SKIPPED_CATEGORIES = frozenset({"prompting"})
_OPENING = re.compile(r"[\s\"'“”„«»(（\[*_#>•·\-–—]*")


def cooccurring_techniques(*, ctx: Context) -> None:
    """Runs for every language; where the language has a lexicon, a sentence with a negation, a
    hedge or a comparison (does not use, probably, unlike) draws nothing, and a technique named
    as a paper's topic (the FlashAttention paper) is not the model's."""
    grammar = grammar_for(language=ctx.language)
    blockers = _blockers(grammar=grammar)
    paper_words = grammar.groups.get("introduced_in") if grammar is not None else None
    entries = load_lexicon().entries
    for unit in ctx.segmentation.units:
        if unit.kind != "sentence" or any(b.search(ctx.lower, unit.start, unit.end) for b in blockers):
            continue
        row = row_subject(ctx=ctx, at=unit.start)  # a table row is about its first cell's model
        subject = row[0] if row else ctx.subjects.get(unit.section)
        if subject is None or subject.label != "Model":
            continue
        named = [f for f in ctx.mentions_in(start=unit.start, end=unit.end) if not row or f.start >= row[1]]
        if any(f.label == "Model" and f.key != subject.key for f in named) or _led_by_technique(ctx=ctx, unit=unit):
            continue
        for found in named:
            entry = entries.get(found.key)
            if found.label != "Technique" or (
                entry is not None and entry.attributes.get("category") in _SKIPPED_CATEGORIES
            ):
                continue
            if paper_words is not None and paper_words.match(ctx.lower[found.end : found.end + 12].lstrip()):
                continue
            ctx.relate(
                subject=subject.key,
                type_="USES",
                obj=found.key,
                confidence=_CONFIDENCE,
                evidence=ctx.unit_evidence(unit=unit),
                extractor="section-cooccurrence",
            )


def _blockers(*, grammar: Grammar | None) -> list[re.Pattern]:
    if grammar is None:
        return []
    found = [grammar.negation, grammar.hedges, grammar.markers.anywhere.get("comparison")]
    return [pattern for pattern in found if pattern is not None]


def _led_by_technique(*, ctx: Context, unit: Unit) -> bool:
    """`SwiGLU 在 GLU 之前进行 swish 运算` is about SwiGLU, not the section's model."""
    named = ctx.mentions_in(start=unit.start, end=unit.end)
    if not named or named[0].label != "Technique":
        return False
    opening = _OPENING.match(ctx.lower, unit.start).end()
    return named[0].start - opening <= 4

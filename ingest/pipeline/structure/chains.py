"""Arrow chains between model names (`GPT-3 → InstructGPT → ChatGPT`, `X 기반 [LoRA] -> [Y](…)`):
each model comes from the one before it; a chain of three states two relations."""

import re

from ingest.pipeline.context import Context
from ingest.pipeline.recognize import Found
from ingest.pipeline.structure.layout import Layout, Line
from ingest.pipeline.structure.rules import structure_rules

_CONFIDENCE = 0.7
# A chain's links are names with little around them: at most this many letters that are not
# part of a name, a link, brackets or parentheses (`기반`, `based on`, but not a sentence).
_MAX_LETTERS = 8
_IGNORED = re.compile(r"\]\([^)\s]*\)|https?://\S+|\[[^\]]*\]|\([^)]*\)|（[^）]*）|^\s*\d{1,3}[.)]\s")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")


def chain_relations(*, ctx: Context, layout: Layout) -> None:
    rules = structure_rules()
    for line in layout.lines:
        if line.marker == "code" or (line.marker == "" and not _heading_line(ctx=ctx, line=line)):
            continue
        # A quick test for any arrow before the full pattern with its look-arounds.
        if not rules.arrow_start.search(ctx.text, line.start, line.end):
            continue
        if line.marker == "plain" and rules.down_arrow.fullmatch(ctx.text, line.start, line.end):
            _vertical(ctx=ctx, layout=layout, line=line)
            continue
        arrows = list(rules.arrow.finditer(ctx.text, line.start, line.end))
        if arrows:
            _chain(ctx=ctx, line=line, arrows=arrows)


def _vertical(*, ctx: Context, layout: Layout, line: Line) -> None:
    """A line with only a down arrow between two lines that each name one model:
    `GPT-3` / `↓` / `InstructGPT`."""
    above, below = (
        _neighbour(layout=layout, ctx=ctx, index=line.index, step=-1),
        _neighbour(layout=layout, ctx=ctx, index=line.index, step=1),
    )
    if above is None or below is None:
        return
    parent = _link(ctx=ctx, start=above.content, end=above.end)
    child = _link(ctx=ctx, start=below.content, end=below.end)
    if parent is None or child is None:
        return
    type_ = _lineage_type(ctx=ctx, start=above.start, end=below.end)
    ctx.relate(
        subject=child.key,
        type_=type_,
        obj=parent.key,
        confidence=_CONFIDENCE,
        evidence=ctx.evidence(start=above.content, end=below.end),
        extractor="arrow",
    )


def _neighbour(*, layout: Layout, ctx: Context, index: int, step: int) -> Line | None:
    """The nearest line with text above or below (one blank line between is allowed)."""
    for distance in (1, 2):
        position = index + step * distance
        if not 0 <= position < len(layout.lines):
            return None
        line = layout.lines[position]
        if ctx.text[line.start : line.end].strip():
            return line if line.marker else None
    return None


def _heading_line(*, ctx: Context, line: Line) -> bool:
    """Heading lines carry chains too (`## GPT-3 → InstructGPT`); code and table lines do not."""
    return ctx.text[line.start : line.end].lstrip().startswith("#")


def _chain(*, ctx: Context, line: Line, arrows: list[re.Match]) -> None:
    bounds = [line.start] + [b for a in arrows for b in (a.start(), a.end())] + [line.end]
    links = [_link(ctx=ctx, start=bounds[i], end=bounds[i + 1]) for i in range(0, len(bounds), 2)]
    if any(link is None for link in links):
        return  # every part of the chain must be one model: `input → output` is no lineage
    type_ = _lineage_type(ctx=ctx, start=line.start, end=line.end)
    evidence = ctx.evidence(start=line.content, end=line.end)
    for position, arrow in enumerate(arrows):
        parent, child = links[position], links[position + 1]
        if arrow.group("reverse"):
            parent, child = child, parent
        ctx.relate(
            subject=child.key, type_=type_, obj=parent.key, confidence=_CONFIDENCE, evidence=evidence, extractor="arrow"
        )


def _link(*, ctx: Context, start: int, end: int) -> Found | None:
    """The one model a part of the chain names, if the rest of it is a few words at most."""
    named = ctx.mentions_in(start=start, end=end)
    models = {f.key for f in named if f.label == "Model"}
    if len(models) != 1 or structure_rules().dataset_link.search(ctx.lower, start, end):
        return None  # a name linked to a dataset page is a dataset, whatever its shape
    rest = list(ctx.text[start:end])
    for found in named:
        rest[found.start - start : found.end - start] = " " * (found.end - found.start)
    text = _IGNORED.sub(" ", "".join(rest))
    if len(_LETTER.findall(text)) > _MAX_LETTERS or _SENTENCE_END.search(text):
        return None
    return next(f for f in named if f.label == "Model")


def _lineage_type(*, ctx: Context, start: int, end: int) -> str:
    rules = structure_rules()
    if rules.distil.search(ctx.lower, start, end):
        return "DISTILLED_FROM"
    if rules.fine_tune.search(ctx.lower, start, end):
        return "FINE_TUNES"
    return "DERIVED_FROM"

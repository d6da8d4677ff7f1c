"""Item labels that name a thing and, in parentheses, who made it: `- **Llama 2 (Meta, 2023):** …`,
`* BLOOM（BigScience）— …`. The parentheses hold organizations and dates only."""

import re

from ingest.pipeline.context import Context
from ingest.pipeline.structure.layout import Layout
from ingest.pipeline.structure.owners import SUBJECT_LABELS, lead_name
from ingest.pipeline.structure.rules import structure_rules

_CONFIDENCE = 0.75
_OPEN = re.compile(r"[*_\]]*(?:\]\([^)\s]*\))?[*_]*\s*[(（]")
# After the closing parenthesis the label ends: markup, then a colon, a dash or the line's end.
_LABEL_END = re.compile(r"[)）][*_]*\s*(?:$|[:：]|[-–—]\s)")
_LETTER = re.compile(r"[^\W\d_]")
# Besides organizations, a label's parentheses may hold a date (`Dic. 2024`, `2023年`) and no more.
_MAX_LETTERS = 5


def label_relations(*, ctx: Context, layout: Layout) -> None:
    for line in layout.lines:
        if not _label_line(ctx=ctx, line=line):
            continue
        name = lead_name(ctx=ctx, start=line.content, end=line.end, labels=SUBJECT_LABELS)
        if name is None:
            continue
        opening = _OPEN.match(ctx.text, name.end, line.end)
        if opening is None:
            continue
        closing = ctx.text.find(")", opening.end(), line.end)
        closing = ctx.text.find("）", opening.end(), line.end) if closing < 0 else closing
        if closing < 0 or not _LABEL_END.match(ctx.text, closing, line.end):
            continue
        orgs = _organizations(ctx=ctx, start=opening.end(), end=closing)
        for org in orgs:
            ctx.relate(
                subject=name.key,
                type_="DEVELOPED_BY",
                obj=org,
                confidence=_CONFIDENCE,
                evidence=ctx.evidence(start=line.content, end=closing + 1),
                extractor="label:parenthesis",
            )


def _label_line(*, ctx: Context, line) -> bool:
    """A list item, or a line that opens in bold (`**Llama 2 (Meta)**`)."""
    return line.marker == "bullet" or (line.marker == "plain" and ctx.text.startswith(("**", "__"), line.content))


def _organizations(*, ctx: Context, start: int, end: int) -> list[str]:
    """The organizations in a label's parentheses, if nothing but dates stands beside them."""
    named = ctx.mentions_in(start=start, end=end)
    if not named or any(f.label != "Organization" for f in named):
        return []
    rest = list(ctx.text[start:end])
    for found in named:
        rest[found.start - start : found.end - start] = " " * (found.end - found.start)
    text = "".join(rest)
    rules = structure_rules()
    if len(_LETTER.findall(text)) > _MAX_LETTERS or rules.negation.search(text.lower()):
        return []
    if rules.comparison.search(text.lower()):
        return []  # `Claude (vs. OpenAI)` compares
    return [f.key for f in named]

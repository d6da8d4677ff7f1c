"""The six stages of extract(), each reading and extending one shared state dict."""

import re

from ingest.lexicon.loader import load_lexicon
from ingest.pipeline.attributes import extract_attributes
from ingest.pipeline.calibration import calibrate
from ingest.pipeline.checkpoints import own_checkpoints
from ingest.pipeline.consistency import settle_lineage, settle_section_parents
from ingest.pipeline.context import Context
from ingest.pipeline.cooccurrence import cooccurring_techniques
from ingest.pipeline.engine import clause_relations
from ingest.pipeline.implied import implied_relations
from ingest.pipeline.language import detect_language
from ingest.pipeline.lexmatch import known_matcher, lexicon_matcher
from ingest.pipeline.lines import split_lines
from ingest.pipeline.noise import find_noise
from ingest.pipeline.openvocab import open_vocabulary_mentions
from ingest.pipeline.read import read_source
from ingest.pipeline.recognize import Found, arxiv_mentions, lexicon_mentions, open_vocabulary, paper_title_mentions
from ingest.pipeline.relate import assign_subjects, section_papers, structural_relations
from ingest.pipeline.resolve import build_entities, build_relations, merge_proposals, unify_open_vocabulary
from ingest.pipeline.segment import segment as segment_lines
from ingest.pipeline.types import DocumentInfo, NoiseLine
from ingest.pipeline.view import build_view

_MARKUP_LEAD = re.compile(r"^(?:#{1,6}\s+|<[^>]+>\s*)+")
_RANK = {"arxiv": 0, "lexicon": 1, "open-vocabulary": 2}


def read(*, state: dict) -> None:
    state["read"] = read_source(source=state["source"], name=state["name"], max_bytes=state["max_bytes"])


def normalize(*, state: dict) -> None:
    from ingest.pipeline import sha256_of

    result = state["read"]
    original = result.text
    view = build_view(original=original, is_html=result.format == "html", simplify=True)
    lines = split_lines(view=view, original=original)
    noise = find_noise(lines=lines)
    content = "\n".join(line.text for line in lines if line.index not in noise and line.text.strip())
    detected = detect_language(
        text=_original_sample(original=original, view=view, lines=lines, noise=noise) or content,
        forced=state["language"],
    )
    first = next((line for line in lines if line.index not in noise and line.text.strip()), None)
    title = _original_line(original=original, view=view, line=first) if first else ""
    title = _MARKUP_LEAD.sub("", title)
    state.update(view=view, lines=lines, noise_index=noise, detected=detected)
    state["noise"] = tuple(
        NoiseLine(line=lines[i].number, text=_original_line(original=original, view=view, line=lines[i]), reason=r)
        for i, r in sorted(noise.items())
    )
    state["document"] = DocumentInfo(
        title=title[:300] or state["name"],
        language=detected.language,
        script=detected.script,
        sha256=sha256_of(text=original),
        chars=len(original),
        encoding=result.encoding,
        supported=detected.supported,
        language_confidence=detected.confidence,
        language_method=detected.method,
        language_sure=detected.sure,
    )


def _original_sample(*, original: str, view, lines, noise) -> str:
    """Language is read from the original (not the Simplified copy), noise lines left out."""
    parts, size = [], 0
    for line in lines:
        if line.index in noise or not line.text.strip():
            continue
        start, end = view.span(start=line.start, end=line.end)
        parts.append(original[start:end])
        size += end - start
        if size > 6000:
            break
    return "\n".join(parts)


def _original_line(*, original: str, view, line) -> str:
    start, end = view.span(start=line.start, end=line.end)
    return original[start:end].strip()


def segment(*, state: dict) -> None:
    lines, noise = state["lines"], state["noise_index"]
    view = state["view"]
    state["segmentation"] = segment_lines(lines=lines, noise=set(noise))
    text, lower = list(view.text), list(view.lower)
    for i in noise:
        for position in range(lines[i].start, lines[i].end):
            text[position] = lower[position] = " "
    document = state["document"]
    state["ctx"] = Context(
        original=state["read"].text,
        view=view,
        text="".join(text),
        lower="".join(lower),
        language=document.language,
        supported=document.supported,
        segmentation=state["segmentation"],
    )


def recognize(*, state: dict) -> None:
    ctx: Context = state["ctx"]
    matcher = lexicon_matcher()
    taken = lexicon_mentions(view=ctx.view, text=ctx.lower, matcher=matcher) + arxiv_mentions(text=ctx.text)
    if state.get("known"):
        # Names the graph's curators gave; where one overlaps a lexicon name the longer wins.
        taken += lexicon_mentions(view=ctx.view, text=ctx.lower, matcher=known_matcher(names=state["known"]))
    opened = open_vocabulary_mentions(
        text=ctx.text, taken=taken, segmentation=ctx.segmentation, matcher=matcher, language=ctx.language
    )
    taken = own_checkpoints(text=ctx.text, taken=taken, opened=opened, tuned=open_vocabulary().fine_tune_words)
    ctx.mentions = _non_overlapping(founds=unify_open_vocabulary(mentions=taken + opened))
    ctx.mentions += paper_title_mentions(text=ctx.text, segmentation=ctx.segmentation)
    ctx.index_mentions()
    ctx.mentions += section_papers(ctx=ctx)
    ctx.index_mentions()
    assign_subjects(ctx=ctx)


def _non_overlapping(*, founds: list[Found]) -> list[Found]:
    """Longest mention wins an overlap; at equal length an arXiv id, then the lexicon."""
    ordered = sorted(founds, key=lambda f: (-(f.end - f.start), _RANK.get(f.source, 3), f.start))
    chosen: list[Found] = []
    taken: set[int] = set()
    for found in ordered:
        span = range(found.start, found.end)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        chosen.append(found)
    return sorted(chosen, key=lambda f: f.start)


def relate(*, state: dict) -> None:
    ctx: Context = state["ctx"]
    extract_attributes(ctx=ctx)
    # Document structure and name structure need no language lexicon: every language gets them.
    structural_relations(ctx=ctx)
    clause_relations(ctx=ctx)  # languages with a lexicon (ingest/lexicon/languages/)
    implied_relations(ctx=ctx)
    cooccurring_techniques(ctx=ctx)
    settle_section_parents(ctx=ctx)
    settle_lineage(ctx=ctx)


def resolve(*, state: dict) -> None:
    ctx: Context = state["ctx"]
    state["entities"] = build_entities(ctx=ctx)
    # Confidence as measured precision of the extractor family (calibration.yaml), not a cue's guess.
    built = build_relations(drafts=ctx.drafts, max_claims=state["max_claims"])
    state["relations"] = calibrate(built.relations)
    state["statements_repeated"], state["statements_over_cap"] = built.repeated, built.over_cap
    state["proposals"] = merge_proposals(entities=state["entities"])
    state["lexicon_problems"] = load_lexicon().problems

"""Contradicting statements: only one direction between two models survives; a developer an
organization's heading suggests gives way to one the model's own section states."""

from dataclasses import replace

from ingest.pipeline.context import Context, Draft
from ingest.pipeline.implied import variant_bases

LINEAGE = frozenset({"DERIVED_FROM", "FINE_TUNES", "DISTILLED_FROM"})
SECTION_PARENT = "section-parent"


def settle_lineage(*, ctx: Context) -> None:
    """A chat/instruct variant is never the parent of the model it is named after; otherwise,
    when the text seems to say A → B and B → A, the surer reading (subject rank, then
    confidence) stays, and a tie drops both: an unsupported fact is worse than a missed one."""
    bases = {key: parent for key, (parent, _) in variant_bases(ctx=ctx).items()}
    strength: dict[tuple[str, str], tuple[int, float]] = {}
    for draft in ctx.drafts:
        if draft.type in LINEAGE:
            pair = (draft.subject, draft.object)
            strength[pair] = max(strength.get(pair, (-1, 0.0)), (draft.rank, draft.confidence))
    dropped: set[tuple[str, str]] = set()
    for (subject, obj), score in strength.items():
        if bases.get(obj) == subject:
            dropped.add((subject, obj))  # the base named as derived from its own variant
            continue
        reverse = strength.get((obj, subject))
        if reverse is not None and bases.get(subject) != obj and score <= reverse:
            dropped.add((subject, obj))
    # Where the document also says A fine-tunes (or is distilled from) B, `A is based on B` is
    # that narrower relation: the derivation statement becomes evidence for it.
    narrower = {(d.subject, d.object): d.type for d in ctx.drafts if d.type in ("FINE_TUNES", "DISTILLED_FROM")}
    ctx.drafts[:] = [
        replace(d, type=narrower[(d.subject, d.object)])
        if d.type == "DERIVED_FROM" and (d.subject, d.object) in narrower
        else d
        for d in ctx.drafts
        if not _dropped(draft=d, dropped=dropped)
    ]


def _dropped(*, draft: Draft, dropped: set[tuple[str, str]]) -> bool:
    return draft.type in LINEAGE and (draft.subject, draft.object) in dropped


def settle_section_parents(*, ctx: Context) -> None:
    """An organization's heading above a model's section (section-parent) only suggests who made
    the model: when the text about that model (its section and the sections under it that have
    no subject of their own) states another developer, the suggestion is dropped."""
    suggested = [d for d in ctx.drafts if d.extractor == SECTION_PARENT and d.type == "DEVELOPED_BY"]
    if not suggested:
        return
    keys = {d.subject for d in suggested}
    spans: dict[str, list[tuple[int, int]]] = {}
    for unit in ctx.segmentation.units:
        owner = ctx.subject_of(section=unit.section)
        if owner is not None and owner.key in keys:
            spans.setdefault(owner.key, []).append(ctx.view.span(start=unit.start, end=unit.end))
    stated: dict[str, set[str]] = {}
    for draft in ctx.drafts:
        if draft.type != "DEVELOPED_BY" or draft.extractor == SECTION_PARENT or draft.subject not in keys:
            continue
        evidence = draft.evidence
        if any(start <= evidence.start and evidence.end <= end for start, end in spans.get(draft.subject, ())):
            stated.setdefault(draft.subject, set()).add(draft.object)
    ctx.drafts[:] = [
        d
        for d in ctx.drafts
        if not (
            d.extractor == SECTION_PARENT
            and d.type == "DEVELOPED_BY"
            and stated.get(d.subject, {d.object}) - {d.object}
        )
    ]

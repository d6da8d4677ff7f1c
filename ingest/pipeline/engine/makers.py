"""Statements without a trigger of their own: who made a thing (MPT-30B by MosaicML, Meta's
LLaMA, X is a family of models from O), and what a section's paper introduced."""

from ingest.pipeline.clause import Clause, Trigger
from ingest.pipeline.context import Context
from ingest.pipeline.engine.shared import (
    BLOCKING,
    MADE,
    PUNCTUATION,
    SEGMENT,
    negated,
    unbroken,
    with_list,
)
from ingest.pipeline.grammar import CONFIDENCE, Grammar


def makers(*, ctx: Context, clause: Clause, grammar: Grammar) -> None:
    """Who made a thing, said without a verb: `MPT-30B by MosaicML`, `Claude von Anthropic`,
    `Meta's LLaMA`, `Meta 的 LLaMA`, `GPT-4 (OpenAI)`."""
    evidence = None
    for index in range(1, len(clause.mentions)):
        left, right = clause.mentions[index - 1], clause.mentions[index]
        # Notes, sizes and emphasis between do not count: **IDEFICS (80B)** de Hugging Face.
        gap = grammar.filler_runs.sub(" ", clause.gap(clause.places[index - 1][1], clause.places[index][0]))
        if len(gap.strip()) > 6 and not _owned_by(clause=clause, index=index, grammar=grammar):
            continue  # (a described maker may stand further off)
        if grammar.triggers.search(gap) or (
            PUNCTUATION.search(gap.strip().strip("()（）")) and not _credit(clause=clause, index=index, gap=gap)
        ):
            continue  # a verb between is the clause engine's to read
        roles = clause.roles[index]
        if (
            grammar.head_final
            and right.label == "Organization"
            and "genitive" in roles
            and not _owned_by(clause=clause, index=index, grammar=grammar)
        ):
            continue  # A 和来自 Mistral AI 的 B: the maker of what follows, not of A (X 是微软的模型 is X's)
        if left.label in MADE and right.label == "Organization" and roles & {"agent", "apposition"}:
            made, maker = left, right
            start = clause.places[index - 1][0]
            verb = any(
                start - 30 <= t.end <= start and unbroken(clause=clause, a=t.end, b=start) for t in clause.triggers
            )
            if verb and "apposition" not in roles:
                continue  # fine-tuned LLaMA by Stanford: the maker of the fine-tune, not of LLaMA
        elif (
            left.label == "Organization"
            and right.label in MADE
            and "genitive" in clause.roles[index - 1]
            and len(clause.gap(clause.places[index - 1][1], clause.places[index][0]).strip(" *_")) <= 3
        ):
            made, maker = (
                right,
                left,
            )  # Meta's LLaMA, Meta 的 LLaMA: the marker alone between
        elif left.label == "Organization" and right.label == "Model" and gap in (" ", "\u00a0"):
            made, maker = (
                right,
                left,
            )  # Nvidia Megatron, Meta Llama 2: the maker names the model
        elif _owned_by(clause=clause, index=index, grammar=grammar):
            made, maker = left, right  # X 是微软的模型, X is Microsoft's model
        else:
            continue
        evidence = evidence or ctx.unit_evidence(unit=clause.unit)
        ctx.relate(
            subject=made.key,
            type_="DEVELOPED_BY",
            obj=maker.key,
            confidence=0.7,
            evidence=evidence,
            extractor=f"clause:{grammar.code}:maker",
            rank=3,
        )


def kinds(*, ctx: Context, clause: Clause, grammar: Grammar) -> None:
    """`GPT-3 is a causal language model`, `X 是一个扩散模型`: a model said to be a kind of model a
    technique names uses it. Only the first name of its segment, with no marker on either name,
    then a copula and an article (is a, ist ein, 是一个) before the technique; nothing in the
    segment negates or compares, and the sentence does not hedge."""
    if grammar.copula is None or grammar.word_order == "SOV":
        return
    if grammar.hedges is not None and grammar.hedges.search(clause.masked):
        return  # whether GPT-4 is a mixture of experts is not said
    evidence = None
    for index in range(1, len(clause.mentions)):
        left, right = clause.mentions[index - 1], clause.mentions[index]
        if (
            left.label != "Model"
            or right.label != "Technique"
            or (clause.roles[index - 1] | clause.roles[index]) - {"topic"}
        ):
            continue
        opening = max((m.end() for m in SEGMENT.finditer(clause.masked, 0, clause.places[index - 1][0])), default=0)
        if index >= 2 and clause.places[index - 2][1] > opening:
            continue  # the difference from GPT-2 is …: not the first name of its segment
        gap = clause.gap(clause.places[index - 1][1], clause.places[index][0])
        copula = grammar.copula.search(gap)
        if copula is None or gap[: copula.start()].strip() or len(gap) > 24 or grammar.triggers.search(gap):
            continue
        article = gap[copula.end() :]
        if not article.strip() or grammar.filler_runs.sub(" ", article).strip():
            continue  # `LLaMA is LoRA` names no kind; `is a new kind of` is more than an article
        segment = clause.masked[opening : clause.places[index][1]]
        if grammar.negation is not None and grammar.negation.search(segment):
            continue
        evidence = evidence or ctx.unit_evidence(unit=clause.unit)
        described = [index]  # a decoder-only Transformer: names side by side describe it together
        while (
            described[-1] + 1 < len(clause.mentions)
            and clause.mentions[described[-1] + 1].label == "Technique"
            and not clause.gap(clause.places[described[-1]][1], clause.places[described[-1] + 1][0]).strip()
        ):
            described.append(described[-1] + 1)
        for technique in described:
            ctx.relate(
                subject=left.key,
                type_="USES",
                obj=clause.mentions[technique].key,
                confidence=0.6,
                evidence=evidence,
                extractor=f"clause:{grammar.code}:kind",
                rank=3,
            )


def _credit(*, clause: Clause, index: int, gap: str) -> bool:
    """`MPT-30B, by MosaicML` closing a list item or a sentence: a credit line after a comma."""
    rest = clause.masked[clause.places[index][1] :]
    return (
        index == 1  # the item's or sentence's own name, not one compared or named after it
        and not clause.roles[0]
        and gap.strip()[:1] in (",", "，", "、")
        and not PUNCTUATION.search(gap.strip()[1:])
        and "agent" in clause.roles[index]
        and index + 1 == len(clause.mentions)
        and len(rest.strip(" .。!！)*_")) == 0
    )


def _owned_by(*, clause: Clause, index: int, grammar: Grammar) -> bool:
    """`X is a family of open models from O`, `X ist eine Modellreihe von O`, `X 是 O 的模型`:
    a copula, a description with no other name, verb or comparison, then the maker."""
    left, right = clause.mentions[index - 1], clause.mentions[index]
    roles = clause.roles[index]
    if left.label not in MADE or right.label != "Organization" or not roles & {"agent", "genitive"}:
        return False
    gap = clause.gap(clause.places[index - 1][1], clause.places[index][0])
    if grammar.copula is None or not grammar.copula.search(gap) or len(gap) > 60 or PUNCTUATION.search(gap):
        return False
    if grammar.triggers.search(gap) or any(p.search(gap) for p in _comparisons(grammar=grammar)):
        return False
    if "agent" in roles and not grammar.filler_runs.search(gap.split(grammar.copula.search(gap).group(0), 1)[-1]):
        return False  # `X a été évalué par O` is a passive verb, not a description of X
    if "agent" in roles:
        return True
    rest = clause.masked[clause.places[index][1] :]  # O's model: the owner's noun is no name
    return (
        index + 1 == len(clause.mentions)
        and len(rest.strip(" 。.!！")) <= 12
        and not SEGMENT.search(rest.rstrip("。.!！ "))
    )


def _comparisons(*, grammar: Grammar) -> list:
    found = grammar.markers.anywhere.get("comparison")
    return [found] if found is not None else []


def section_paper(
    *,
    ctx: Context,
    clause: Clause,
    trigger: Trigger,
    grammar: Grammar,
    labels: set[str],
) -> None:
    """`The researchers proposed X` under an entry whose paper line names the paper: X was
    introduced in that paper. What is proposed follows the verb (or precedes it, verb-final)."""
    papers = ctx.paper_of(section=clause.unit.section)
    if not papers or negated(clause=clause, trigger=trigger, objects=[], grammar=grammar):
        return
    free = [
        i
        for i, found in enumerate(clause.mentions)
        if found.label in labels and not clause.roles[i] & (BLOCKING | {"source", "agent", "genitive"})
    ]
    after = [i for i in free if clause.places[i][0] >= trigger.end]
    before = [i for i in free if clause.places[i][1] <= trigger.start]
    before = [i for i in before if unbroken(clause=clause, a=clause.places[i][1], b=trigger.start)]
    # X was proposed (by …): the name before; we propose X: the name after.
    side = before[-1:] or after[:1]
    if not side:
        return
    for index in with_list(clause=clause, index=side[0]):
        for paper in papers:
            ctx.relate(
                subject=clause.mentions[index].key,
                type_="INTRODUCED_IN",
                obj=paper,
                confidence=CONFIDENCE["introduced_in"] * 0.9,
                evidence=ctx.unit_evidence(unit=clause.unit),
                extractor=f"clause:{grammar.code}:introduced_in:section-paper",
                rank=2,
            )

"""Relate stage, sentence part: one engine for every language with a lexicon. For each trigger
word it picks the object (objects.py) and the subject (subjects.py) by the markers around the
names and the language's word order, and records the typed statement; makers.py reads what is
said without a trigger."""

from dataclasses import replace
from typing import TYPE_CHECKING

from ingest.pipeline.clause import Clause, Trigger, build_clause, find_triggers
from ingest.pipeline.context import Context
from ingest.pipeline.engine.makers import kinds, makers, section_paper
from ingest.pipeline.engine.objects import find_objects, is_trigger_name
from ingest.pipeline.engine.shared import (
    FALLBACK,
    HEDGED,
    TECHNIQUE_AS_OBJECT,
    Reading,
    negated,
    takes_part,
)
from ingest.pipeline.engine.subjects import (
    find_subject,
    owner_is_child,
    parenthetical,
    row_over_description,
)
from ingest.pipeline.grammar import (
    CONFIDENCE,
    GROUPS,
    INVERTED,
    KINDS,
    LINEAGE_TYPES,
    MODEL_SUBJECTS,
    SPAWNING,
    Grammar,
    family,
    grammar_for,
)
from ingest.pipeline.lexmatch import match_key
from ingest.pipeline.recognize import Found
from kg.vocabulary import ENDPOINTS, LineageKind, allows

if TYPE_CHECKING:
    from ingest.pipeline.discourse import SentenceContext


_LINEAGE_GROUPS = frozenset({"based_on", "derived", "fine_tuned", "continued", "distilled", "quantized"})


def sentence_relations(*, ctx: Context, context: "SentenceContext") -> None:
    """Read every sentence of a document whose language has a lexicon."""
    grammar = grammar_for(language=ctx.language)
    if grammar is None:
        return
    for unit in ctx.segmentation.units:
        if unit.kind != "sentence":
            continue
        mentions = context.names(unit=unit)
        clause = build_clause(lower=ctx.lower, unit=unit, mentions=mentions, grammar=grammar)
        context.enter(clause=clause, grammar=grammar)
        if not mentions:
            continue
        clause.triggers = find_triggers(clause=clause, grammar=grammar)  # makers look at them too
        makers(ctx=ctx, clause=clause, grammar=grammar)
        kinds(ctx=ctx, clause=clause, grammar=grammar)
        for previous, trigger in zip([None, *clause.triggers], clause.triggers, strict=False):
            if _compared(clause=clause, trigger=trigger, grammar=grammar):
                continue
            for group in trigger.groups:
                if group == "uses" and _manner_of(previous=previous, trigger=trigger, clause=clause):
                    continue
                _read(
                    ctx=ctx,
                    clause=clause,
                    trigger=trigger,
                    group=group,
                    grammar=grammar,
                    context=context,
                )


def _modifier(*, clause: Clause, index: int, trigger: Trigger, grammar: Grammar) -> bool:
    """`LLAMA기반 모델`, `Transformer ベースの`: where objects stand before their verb, a name glued
    to another lineage word is that word's object, describing a noun after it, never the subject
    of a verb elsewhere in the sentence."""
    if grammar.word_order != "SOV":
        return False
    end = clause.places[index][1]
    return any(
        other is not trigger
        and other.mention is None
        and other.start >= end
        and not clause.masked[end : other.start].strip()
        and {family(g) for g in other.groups} & _LINEAGE_GROUPS
        for other in clause.triggers
    )


def _compared(*, clause: Clause, trigger: Trigger, grammar: Grammar) -> bool:
    """`like a replica of Y`, `comme une reproduction de Y`, `Y の再実装のような`, `Y의 복제품처럼`:
    a comparison word right before the trigger (past fillers) or right after it says what the
    subject resembles, not where it comes from."""
    before = grammar.markers.before.get("comparison")
    if before is not None:
        head = clause.masked[max(0, trigger.start - 40) : trigger.start]
        fillers = grammar.fillers_end.search(head)
        if before.search(head, 0, fillers.start() if fillers else len(head)):
            return True
    after = grammar.markers.after.get("comparison")
    if after is not None and after.match(clause.masked, trigger.end) is not None:
        return True
    # Where words are spaced, a stem (복제*) may run into the particle glued to it (복제품처럼).
    suffix = grammar.compared_suffix
    return (
        grammar.spaced and suffix is not None and suffix.search(clause.masked, trigger.start, trigger.end) is not None
    )


def _manner_of(*, previous: Trigger | None, trigger: Trigger, clause: Clause) -> bool:
    """`fine-tuned using DPO`: a use word right after another verb says how that was done; the
    verb's own reading (DPO as its instrument) already gives the use, to the verb's subject. Only
    for verbs that read a technique at all (developed using LoRA leaves the use to the use word)."""
    if previous is None or "uses" in previous.groups or clause.masked[previous.end : trigger.start].strip():
        return False
    if not any("Technique" in GROUPS[group] for group in previous.groups):
        return False
    after = [i for i, (start, _) in enumerate(clause.places) if start >= trigger.end]
    return bool(after) and "instrument" in clause.roles[after[0]]  # else nothing reads it for the verb


def _read(
    *,
    ctx: Context,
    clause: Clause,
    trigger: Trigger,
    group: str,
    grammar: Grammar,
    context,
) -> None:
    object_labels = set(GROUPS[group])
    subject_labels = {s for label, types in GROUPS[group].items() for t in types for s, o in ENDPOINTS[t] if o == label}
    if group in MODEL_SUBJECTS:
        subject_labels = {"Model"}
    candidates = [
        i
        for i, found in enumerate(clause.mentions)
        if i != trigger.mention
        and takes_part(roles=clause.roles[i], label=found.label)
        and found.label in object_labels | subject_labels
    ]
    if group not in TECHNIQUE_AS_OBJECT:  # unless a marker binds it: auf Distillation basierende …
        candidates = [
            i
            for i in candidates
            if "source" in clause.roles[i] or not is_trigger_name(clause=clause, index=i, grammar=grammar)
        ]
    objects = find_objects(
        clause=clause,
        trigger=trigger,
        group=group,
        grammar=grammar,
        labels=object_labels,
        subject_labels=subject_labels,
        candidates=candidates,
    )
    if not objects and group == "proposed":
        section_paper(
            ctx=ctx,
            clause=clause,
            trigger=trigger,
            grammar=grammar,
            labels=subject_labels,
        )
        return
    if not objects or negated(clause=clause, trigger=trigger, objects=objects, grammar=grammar):
        return
    # Subjects that fit the object found: trained on a dataset is said of a model, not a technique.
    subject_labels = {
        s
        for i in objects
        for t in GROUPS[group][clause.mentions[i].label]
        for s, o in ENDPOINTS[t]
        if o == clause.mentions[i].label and (s == "Model" or group not in MODEL_SUBJECTS)
    }
    rest = [
        i
        for i in candidates
        if i not in objects
        and clause.mentions[i].label in subject_labels
        and not _modifier(clause=clause, index=i, trigger=trigger, grammar=grammar)
    ]
    reading = parenthetical(clause=clause, trigger=trigger, candidates=rest, grammar=grammar) or find_subject(
        clause=clause,
        trigger=trigger,
        objects=objects,
        candidates=rest,
        grammar=grammar,
        context=context,
    )
    if reading.rank < 0:
        return  # a remark in parentheses with no name of its own to be about
    if group in INVERTED:  # X's base model is Y, Y is the base model of X: the owner is the child
        if reading.rank != 3:
            return
        if owner_is_child(clause=clause, trigger=trigger, index=objects[0], grammar=grammar):
            reading, objects = (
                Reading(subjects=objects, objects=[], rank=3, fallback=[]),
                reading.subjects,
            )
    elif not reading.subjects and not reading.fallback:
        reading = context.fallback(clause=clause, objects=objects, labels=subject_labels)
        described = {  # LLAMA기반 모델 …: the unnamed subject is a model based on LLaMA, not LLaMA
            clause.mentions[i].key
            for i in range(len(clause.mentions))
            if _modifier(clause=clause, index=i, trigger=trigger, grammar=grammar)
        }
        if described:
            reading = replace(reading, fallback=[f for f in reading.fallback if f.key not in described])
    else:
        reading = row_over_description(ctx=ctx, clause=clause, reading=reading, labels=subject_labels)
    _record(
        ctx=ctx,
        clause=clause,
        group=group,
        reading=reading,
        objects=objects,
        grammar=grammar,
    )


def _record(
    *,
    ctx: Context,
    clause: Clause,
    group: str,
    reading: Reading,
    objects: list[int],
    grammar: Grammar,
) -> None:
    subjects = [clause.mentions[i] for i in reading.subjects] + reading.fallback
    found = [clause.mentions[i] for i in objects]
    if group in SPAWNING and not any("result" in clause.roles[i] for i in reading.subjects):
        # `X spawned Y and Z`, `X 衍生出 Y`: the names the verb is about descend from the one the
        # sentence is about (a name a result marker binds, donné naissance à Y, is the child already).
        subjects, found = found, subjects
    _relate_all(
        ctx=ctx,
        clause=clause,
        group=group,
        rank=reading.rank,
        subjects=subjects,
        objects=found,
        grammar=grammar,
    )


def _relate_all(
    *,
    ctx: Context,
    clause: Clause,
    group: str,
    rank: int,
    subjects: list[Found],
    objects: list[Found],
    grammar: Grammar,
) -> None:
    hedged = grammar.hedges is not None and grammar.hedges.search(clause.masked)
    confidence = CONFIDENCE[group] * (HEDGED if hedged else 1.0) * (1.0 if rank == 3 else FALLBACK)
    scratch = grammar.from_scratch is not None and grammar.from_scratch.search(clause.masked)
    said = {
        "evidence": ctx.unit_evidence(unit=clause.unit),
        # A hedged statement says so in its name: calibration keeps its low confidence.
        "extractor": f"clause:{grammar.code}:{group}" + (":hedged" if hedged else ""),
        "confidence": confidence,
        "rank": rank,
    }
    for subject in subjects:
        for obj in objects:
            type_ = _type(ctx=ctx, group=group, subject=subject, obj=obj)
            kind = KINDS.get(group)
            if type_ in ("FINE_TUNES", "DISTILLED_FROM") and scratch:
                type_ = "DERIVED_FROM"  # the same architecture trained from scratch shares no weights
            elif type_ == "DERIVED_FROM" and group == "based_on" and _says_fine_tuned(clause=clause, grammar=grammar):
                type_ = "FINE_TUNES"  # built on Y with an instruction-tuning dataset: a fine-tune of Y
            if scratch and (kind is None or kind.inherits_weights):
                kind = LineageKind.ARCHITECTURE  # its own weights: what it shares is the architecture
            if type_:
                kind_of = str(kind) if kind is not None and type_ in LINEAGE_TYPES else ""
                ctx.relate(subject=subject.key, type_=type_, obj=obj.key, kind=kind_of, **said)


def _says_fine_tuned(*, clause: Clause, grammar: Grammar) -> bool:
    """The sentence also says fine-tuned (a word or a technique's name) and names only two models."""
    if len({f.key for f in clause.mentions if f.label == "Model"}) != 2:
        return False
    tuned = [p for g, p in grammar.groups.items() if family(g) == "fine_tuned"]
    names = [f.name.lower() for f in clause.mentions if f.label == "Technique"]
    return any(p.search(clause.masked) or any(p.search(name) for name in names) for p in tuned)


def _type(*, ctx: Context, group: str, subject: Found, obj: Found) -> str | None:
    pair = (subject.label, obj.label)
    if group == "based_on" and pair == ("Technique", "Technique") and _named_after(subject=subject, obj=obj):
        return "DERIVED_FROM"  # SwiGLU built on GLU, LCM-LoRA on LoRA: named after what it descends from
    return next((t for t in GROUPS[group].get(obj.label, ()) if allows(t, *pair)), None)


def _named_after(*, subject: Found, obj: Found) -> bool:
    for parent, child in (
        (match_key(text=obj.name), match_key(text=subject.name)),
        (obj.key, subject.key),
    ):
        if len(parent) >= 2 and parent in child and parent != child:
            return True
    return False


def clause_relations(*, ctx: Context) -> None:
    from ingest.pipeline.discourse import SentenceContext

    sentence_relations(ctx=ctx, context=SentenceContext(ctx=ctx))

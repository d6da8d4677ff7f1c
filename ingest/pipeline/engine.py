"""Relate stage, sentence part: one engine for every language with a lexicon. For each trigger
word it picks the object (the name its markers bind: from X, X를, 基于X, X's successor; else the
direct object the language's word order puts next to the verb) and the subject (what came out,
the head a relative clause hangs on, the topic, the nearest free name; else what the sentence's
pronoun, the lead-in's list or the section is about)."""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.pipeline.clause import (
    PLACEHOLDER,
    Clause,
    Trigger,
    build_clause,
    find_triggers,
    same_clause,
    technique_trigger,
)
from ingest.pipeline.context import ONTOLOGY, Context
from ingest.pipeline.discourse import row_subject
from ingest.pipeline.grammar import CONFIDENCE, GROUPS, INVERTED, Grammar, grammar_for
from ingest.pipeline.lexmatch import match_key
from ingest.pipeline.recognize import Found

if TYPE_CHECKING:
    from ingest.pipeline.discourse import SentenceContext

_HEDGED = 0.6  # a guess stays a low-confidence fact
_FALLBACK = 0.9  # the subject was not named in the sentence
_NEAR = 80  # masked characters: how far an unmarked object may be from its trigger
_BLOCKING = frozenset({"comparison"})
_FROM_WEIGHTS = frozenset({"continued"})
_BOUND = frozenset({"source", "agent", "genitive", "instrument"})  # a marker ties the name to another word
_VERB_BREAKERS = frozenset({"source", "result", "agent", "comparison"})
# A technique's name that is a trigger word (fine-tuning, 蒸馏) may be what a model uses, never
# the base of a lineage statement (在此基础上添加了对话微调: 微调 is no base).
_TECHNIQUE_AS_OBJECT = frozenset({"uses", "trained_on"})
MADE = frozenset({"Model", "Technique", "Dataset"})
_ACTIVE_GAP = re.compile(r"[^\ue000,，.;；:：。()（）]{0,24}")
_SEGMENT = re.compile(r"[,，、،;；؛:：。!?！？؟]")
_PUNCTUATION = re.compile(r"[,，،;；؛:：。!?！？؟()（）\[\]\"“”]")
_LEADING = 40  # the name a sentence opens with stands within this many characters of its start


@dataclass(frozen=True)
class Reading:
    subjects: list[int]
    objects: list[int]
    rank: int  # 3 named in the sentence, 2 a pronoun's antecedent, 1 the section's subject
    fallback: list[Found]  # subjects from outside the sentence


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
        _makers(ctx=ctx, clause=clause, grammar=grammar)
        clause.triggers = find_triggers(clause=clause, grammar=grammar)
        for trigger in clause.triggers:
            for group in trigger.groups:
                _read(ctx=ctx, clause=clause, trigger=trigger, group=group, grammar=grammar, context=context)


def _read(*, ctx: Context, clause: Clause, trigger: Trigger, group: str, grammar: Grammar, context) -> None:
    object_labels = set(GROUPS[group])
    subject_labels = {s for label, types in GROUPS[group].items() for t in types for s, o in ONTOLOGY[t] if o == label}
    candidates = [
        i
        for i, found in enumerate(clause.mentions)
        if i != trigger.mention
        and _takes_part(roles=clause.roles[i], label=found.label)
        and found.label in object_labels | subject_labels
    ]
    if group not in _TECHNIQUE_AS_OBJECT:  # unless a marker binds it: auf Distillation basierende …
        candidates = [
            i
            for i in candidates
            if "source" in clause.roles[i] or not _is_trigger_name(clause=clause, index=i, grammar=grammar)
        ]
    objects = _object(
        clause=clause,
        trigger=trigger,
        group=group,
        grammar=grammar,
        labels=object_labels,
        subject_labels=subject_labels,
        candidates=candidates,
    )
    if not objects and group == "proposed":
        _section_paper(ctx=ctx, clause=clause, trigger=trigger, grammar=grammar, labels=subject_labels)
        return
    if not objects or _negated(clause=clause, trigger=trigger, objects=objects, grammar=grammar):
        return
    # Subjects that fit the object found: trained on a dataset is said of a model, not a technique.
    subject_labels = {
        s
        for i in objects
        for t in GROUPS[group][clause.mentions[i].label]
        for s, o in ONTOLOGY[t]
        if o == clause.mentions[i].label
    }
    rest = [i for i in candidates if i not in objects and clause.mentions[i].label in subject_labels]
    reading = _parenthetical(clause=clause, trigger=trigger, candidates=rest, grammar=grammar) or _subject(
        clause=clause, trigger=trigger, objects=objects, candidates=rest, grammar=grammar, context=context
    )
    if reading.rank < 0:
        return  # a remark in parentheses with no name of its own to be about
    if group in INVERTED:  # X's base model is Y, Y is the base model of X: the owner is the child
        if reading.rank != 3:
            return
        if _owner(clause=clause, trigger=trigger, index=objects[0], grammar=grammar):
            reading, objects = Reading(subjects=objects, objects=[], rank=3, fallback=[]), reading.subjects
    elif not reading.subjects and not reading.fallback:
        reading = context.fallback(clause=clause, objects=objects, labels=subject_labels)
    else:
        reading = _row_over_description(ctx=ctx, clause=clause, reading=reading, labels=subject_labels)
    _record(ctx=ctx, clause=clause, group=group, reading=reading, objects=objects, grammar=grammar)


def _row_over_description(*, ctx: Context, clause: Clause, reading: Reading, labels: set[str]) -> Reading:
    """In a table row a technique named in a later cell describes the row's model (| BERT |
    *Transformer* développé par Google |): the row's first cell is the subject."""
    row = row_subject(ctx=ctx, at=clause.unit.start)
    if row is None or reading.rank != 3 or not reading.subjects:
        return reading
    found, cell_end = row
    named = [clause.mentions[i] for i in reading.subjects]
    if (
        found.label == "Model"
        and "Model" in labels
        and all(f.label == "Technique" and f.start >= cell_end for f in named)
    ):
        return Reading(subjects=[], objects=[], rank=2, fallback=[found])
    return reading


def _parenthetical(*, clause: Clause, trigger: Trigger, candidates: list[int], grammar: Grammar) -> Reading | None:
    """A trigger inside parentheses is about a name inside them, or the name right before them
    (`gpt2` (the smallest version of GPT2)); never about the sentence around them."""
    opening = clause.masked.rfind("(", 0, trigger.start)
    if opening < 0 or clause.masked.find(")", opening, trigger.start) >= 0:
        return None
    inside = [i for i in candidates if opening < clause.places[i][0] and clause.places[i][1] <= trigger.start]
    inside = [i for i in inside if not clause.roles[i] & _BOUND]
    if inside:
        return _reading(clause=clause, index=inside[-1])
    before = [
        i
        for i in candidates
        if clause.places[i][1] <= opening and not clause.masked[clause.places[i][1] : opening].strip()
    ]
    # An apposition opens with an article or the like (the smallest version of GPT-2), a remark
    # with a clause of its own (we may train a version of …) says nothing about the name.
    described = grammar.filler_runs.match(clause.masked, opening + 1) is not None
    return _reading(clause=clause, index=before[-1]) if before and described else Reading([], [], -1, [])


def _owner(*, clause: Clause, trigger: Trigger, index: int, grammar: Grammar) -> bool:
    """Whose base (teacher, predecessor) the trigger names: a genitive before it (X's, X的, Xの)
    or, where nouns take their complement after them, the name `of` binds after it (the base model
    of X). A bare name after it (the teacher RoBERTa) or one marked otherwise (以 Y 作为基座模型) is
    the base itself."""
    if "genitive" in clause.roles[index]:
        return True
    after = clause.places[index][0] >= trigger.end
    return not grammar.head_final and after and "source" in clause.roles[index]


def _object(
    *,
    clause: Clause,
    trigger: Trigger,
    group: str,
    grammar: Grammar,
    labels: set[str],
    subject_labels: set[str],
    candidates: list[int],
) -> list[int]:
    """The name the trigger is about: one a marker binds (source, agent for a maker, a genitive
    or glued name right before the trigger), else the direct object next to the verb, else the
    nearest name of the object's kind on the side the language puts objects."""
    fitting = [i for i in candidates if clause.mentions[i].label in labels and "apposition" not in clause.roles[i]]
    marked = [
        i
        for i in fitting
        if _binds(
            clause=clause, trigger=trigger, index=i, labels=labels, grammar=grammar, competing=candidates, group=group
        )
    ]
    if marked:
        # One object per kind: fine-tuned from LLaMA (the model) on ShareGPT (the data), or with
        # QLoRA (marked) and LLaMA (the verb's own object).
        chosen = []
        for label in sorted({clause.mentions[i].label for i in marked}):
            same = [i for i in marked if clause.mentions[i].label == label]
            chosen += _with_list(
                clause=clause, index=_nearest(clause=clause, trigger=trigger, indexes=same, grammar=grammar)
            )
        direct = _direct_object(clause=clause, trigger=trigger, grammar=grammar, fitting=fitting, candidates=candidates)
        if direct is not None and clause.mentions[direct].label not in {clause.mentions[i].label for i in chosen}:
            chosen += _with_list(clause=clause, index=direct)
        return sorted(set(chosen))
    made = [i for i in candidates if "result" in clause.roles[i]]
    if made:  # Y was fine-tuned into X, fine-tuning Y yields X: the other free name is the source
        source = [i for i in fitting if i not in made and not clause.roles[i] & {"source", "agent", "genitive"}]
        source = [
            i
            for i in source
            if _unbroken(
                clause=clause, a=min(trigger.start, clause.places[i][0]), b=max(trigger.start, clause.places[i][0])
            )
        ]
        if source:
            return _with_list(
                clause=clause, index=_nearest(clause=clause, trigger=trigger, indexes=source, grammar=grammar)
            )
    direct = _direct_object(clause=clause, trigger=trigger, grammar=grammar, fitting=fitting, candidates=candidates)
    if direct is not None:
        return _with_list(clause=clause, index=direct)
    if "Model" in labels:
        return []  # lineage needs a marker or the verb's own object: never just a nearby model
    # Meta's LLaMA, trained on X's data: a name that owns the next word is not the object.
    near = [i for i in fitting if not clause.roles[i] & {"source", "genitive"} or "agent" in clause.roles[i]]
    near = [i for i in near if _distance(clause=clause, trigger=trigger, index=i) <= _NEAR]
    near = [i for i in near if _unbroken(clause=clause, a=trigger.start, b=clause.places[i][0])]
    # After the verb nothing competing may stand between (presentado como alternativa a ChatGPT de
    # OpenAI); before it, the maker is the verb's subject with its object between (O hat X vorgestellt).
    near = [
        i
        for i in near
        if clause.places[i][1] <= trigger.start
        or _only_complements(clause=clause, trigger=trigger, index=i, competing=candidates)
    ]
    if labels & subject_labels:  # a technique may be either end: only the object's side counts
        near = [i for i in near if _side(clause=clause, trigger=trigger, index=i) in (grammar.objects, "both")]
    if near:
        return _with_list(clause=clause, index=_nearest(clause=clause, trigger=trigger, indexes=near, grammar=grammar))
    return []


def _is_trigger_name(*, clause: Clause, index: int, grammar: Grammar) -> bool:
    return (
        clause.mentions[index].label == "Technique"
        and technique_trigger(clause=clause, index=index, grammar=grammar) is not None
    )


def _takes_part(*, roles: set[str], label: str) -> bool:
    """A compared name takes no part, unless a relative clause hangs on it (… GPT-3, which …);
    nor does a name that only sets the scene (在 RLHF 中), unless it is the paper (在论文中提出)."""
    if "setting" in roles and label != "Paper":
        return False
    return not roles & _BLOCKING or "relative" in roles


def _side(*, clause: Clause, trigger: Trigger, index: int) -> str:
    return "before" if clause.places[index][1] <= trigger.start else "after"


def _unbroken(*, clause: Clause, a: int, b: int) -> bool:
    """No clause boundary (a comma, a stop) between two positions."""
    return _SEGMENT.search(clause.gap(a, b)) is None


def _binds(
    *,
    clause: Clause,
    trigger: Trigger,
    index: int,
    labels: set[str],
    grammar: Grammar,
    competing: list[int],
    group: str,
) -> bool:
    roles = clause.roles[index]
    start, end = clause.places[index]
    if (
        not same_clause(clause=clause, a=trigger.start, b=start)
        or _distance(clause=clause, trigger=trigger, index=index) > _NEAR
        or ("agent" not in roles and not _same_segment(clause=clause, trigger=trigger, index=index))
    ):
        return False
    agent = "agent" in roles and labels == {"Organization"}  # introduced in P by Google: `by` is reliable
    # The name right after the verb may stand before the marked one: the verb's own object
    # (initialize Vicuna with LLaMA weights) or, verb first, its subject (تم ضبط Alpaca على LLaMA).
    after = [i for i in competing if clause.places[i][0] >= trigger.end]
    if after and (
        grammar.word_order == "VSO"
        or _verb_gap(clause=clause, a=trigger.end, b=clause.places[after[0]][0], grammar=grammar)
    ):
        competing = [i for i in competing if i != after[0]]
    if not agent and not _only_complements(clause=clause, trigger=trigger, index=index, competing=competing):
        return False  # fine-tuned BLOOM, and … a version of BLOOMZ: that `of` is the other trigger's
    gap = clause.gap(end, trigger.start).strip() if end <= trigger.start else None
    if gap is not None and len(gap) <= 8 and roles & {"genitive", "glued"}:
        return True  # Y's successor, Y的版本, Yの後継, LLaMA-based
    close = gap == "" or (not grammar.spaced and gap is not None and len(gap) <= 2 and not _PUNCTUATION.search(gap))
    if close and grammar.head_final and "topic" not in roles:
        return True  # Transformer ベース, LLaMA 기반, 与 GPT-3 完全相同的架构: the noun's modifier
    if labels == {"Organization"}:
        return "agent" in roles  # developed by Google; a source (based on Meta's …) is no maker
    # What a verb works with is a technique or data; a model only where it is the starting point
    # (initialisieren LeoLM mit Llama-2-Gewichten: continued pre-training from those weights).
    tool = labels & {"Technique", "Dataset"} or group in _FROM_WEIGHTS
    bound = "source" in roles or ("instrument" in roles and tool)
    return bool(bound) and grammar.objects in (_side(clause=clause, trigger=trigger, index=index), "both")


def _other_trigger(*, clause: Clause, trigger: Trigger, a: int, b: int) -> bool:
    return any(t is not trigger and a <= t.start and t.end <= b for t in clause.triggers)


def _same_segment(*, clause: Clause, trigger: Trigger, index: int) -> bool:
    """No comma between a trigger and the near edge of a marked name's list (…上进行训练,在 D
    上进行训练: D is the second 训练's; trained on A, B and C: the list's own commas do not count)."""
    members = clause.members(index)
    if clause.places[index][0] >= trigger.end:
        return _unbroken(clause=clause, a=trigger.end, b=clause.places[members[0]][0])
    return _unbroken(clause=clause, a=clause.places[members[-1]][1], b=trigger.start)


def _only_complements(*, clause: Clause, trigger: Trigger, index: int, competing: list[int] | None = None) -> bool:
    """Every name between a trigger and a marked name is its list, an owner (Meta's) or another
    marked complement of the verb (fine-tuned from LLaMA on ShareGPT)."""
    start, end = clause.places[index]
    low, high = (end, trigger.start) if end <= trigger.start else (trigger.end, start)
    members = set(clause.members(index))
    for other, (a, b) in enumerate(clause.places):
        if competing is not None and other not in competing:
            continue  # a name no relation of this trigger could take (the paper in `introduced in P by O`)
        if low <= a and b <= high and other not in members and other != trigger.mention:
            if not clause.roles[other] & {"genitive", "source", "agent", "instrument", "result"}:
                return False
    return True


def _direct_object(
    *, clause: Clause, trigger: Trigger, grammar: Grammar, fitting: list[int], candidates: list[int]
) -> int | None:
    """SVO/VSO: the name right after the verb (fine-tuning LLaMA, uses RoPE); or a participle
    after its noun behind a copula (FLAN-T5 is T5 fine-tuned …). SOV: the name right before it
    (Transformer ベース, LLaMA 기반)."""
    if trigger.mention is not None and grammar.spaced:
        return None  # a technique's name (fine-tuning) is a noun there; 微调 X is a verb
    after = [
        i
        for i in fitting
        if clause.places[i][0] >= trigger.end and not clause.roles[i] & {"result", "topic", "genitive"}
    ]
    before = [i for i in fitting if clause.places[i][1] <= trigger.start]
    if grammar.word_order == "SOV":
        close = [i for i in before if _verb_gap(clause=clause, a=clause.places[i][1], b=trigger.start, grammar=grammar)]
        return close[-1] if close and "topic" not in clause.roles[close[-1]] else None
    if after and _verb_gap(clause=clause, a=trigger.end, b=clause.places[after[0]][0], grammar=grammar):
        return after[0]
    if before and grammar.copula is not None:
        noun = before[-1]
        if _verb_gap(clause=clause, a=clause.places[noun][1], b=trigger.start, grammar=grammar):
            # X is T5 fine-tuned on …, Das Team hat LLaMA feinabgestimmt: a copula or auxiliary
            # earlier in the clause makes the name before the participle its object.
            start = max((m.end() for m in _SEGMENT.finditer(clause.masked, 0, clause.places[noun][0])), default=0)
            lead = clause.masked[start : clause.places[noun][0]]
            if grammar.copula.search(lead) and (PLACEHOLDER.search(lead) or grammar.objects == "both"):
                return noun
    return None


def _verb_gap(*, clause: Clause, a: int, b: int, grammar: Grammar) -> bool:
    """What may stand between a verb and its own object: fillers (articles, sizes, `model`), or
    a few plain words with no punctuation, no other trigger and no marker of another role."""
    gap = clause.masked[a:b]
    if grammar.fillers.fullmatch(gap):
        return True
    # Verb-final clauses hold more between (hat LLaMA 7B mit 52.000 Anweisungen feinabgestimmt).
    room = 40 if grammar.objects == "both" and grammar.spaced else 12
    if len(gap.strip()) > room or _PUNCTUATION.search(gap) or grammar.triggers.search(gap):
        return False
    # A linking word (的, の, 's) may stand there; a marker of another role may not.
    return not any(p.search(gap) for role, p in grammar.markers.anywhere.items() if role in _VERB_BREAKERS)


def _subject(
    *, clause: Clause, trigger: Trigger, objects: list[int], candidates: list[int], grammar: Grammar, context
) -> Reading:
    """Who the statement is about, the first that applies: what came out (into X); the head a
    relative clause hangs on (X, which … / 基于Y的X / Yを…したX); the topic (Xは); the head right
    after a head-final phrase (Y 기반 X); the verb's object when the maker stands before it
    (Google released X, Meta hat X vorgestellt); the nearest free name before the trigger in its
    clause; the name an apposition follows (X, a version of Y); the name the sentence opens with
    (or its pronoun's antecedent); else a free name after the trigger (Based on Y, X …)."""
    free = [i for i in candidates if not clause.roles[i] & _BOUND or "topic" in clause.roles[i]]
    free = [i for i in free if same_clause(clause=clause, a=trigger.start, b=clause.places[i][0])]
    first = clause.places[objects[0]]
    before = [i for i in free if clause.places[i][1] <= min(trigger.start, first[0])]
    near = [i for i in before if _unbroken(clause=clause, a=clause.places[i][1], b=trigger.start)]
    if (
        near
        and grammar.copula is not None
        and grammar.copula.search(clause.gap(clause.places[near[-1]][1], trigger.start))
    ):
        return _reading(clause=clause, index=near[-1])  # X is …, X 是一个基于 Y 的 Z 模型: Z only describes X
    head_side = "after" if grammar.head_final else "before"
    for role, side in (("result", None), ("relative", head_side), ("topic", "before")):
        # A marked name heads no relative clause: in `eine Version von Mistral 7B, die …` the
        # clause hangs on the noun before the marker (Version), which is no name.
        found = [
            i for i in free if role in clause.roles[i] and _on_side(clause=clause, trigger=trigger, index=i, side=side)
        ]
        if role == "relative":  # the trigger must stand inside that relative clause
            found = [i for i in found if _in_relative(clause=clause, index=i, trigger=trigger, grammar=grammar)]
        if found:
            return _reading(
                clause=clause, index=_nearest(clause=clause, trigger=trigger, indexes=found, grammar=grammar)
            )
    end = max(trigger.end, first[1])
    after = [
        i for i in free if clause.places[i][0] >= end and _distance(clause=clause, trigger=trigger, index=i) <= _NEAR
    ]
    before = [i for i in free if clause.places[i][1] <= min(trigger.start, first[0])]
    near = [i for i in before if _unbroken(clause=clause, a=clause.places[i][1], b=trigger.start)]
    if (
        near
        and grammar.copula is not None
        and grammar.copula.search(clause.gap(clause.places[near[-1]][1], trigger.start))
    ):
        return _reading(clause=clause, index=near[-1])  # X 是一个基于 Y 的 Z 模型: Z only describes X
    # 基于Y的X, Y 기반 X: the head follows; its own marker (YをベースにしたXを公開) is the next verb's.
    heads = [i for i in candidates if clause.places[i][0] >= end and not clause.roles[i] & {"agent", "genitive"}]
    if (
        grammar.head_final
        and heads
        and _head_gap(clause=clause, a=end, b=clause.places[heads[0]][0], grammar=grammar)
        and not _other_trigger(clause=clause, trigger=trigger, a=trigger.end, b=clause.places[heads[0]][0])
    ):
        return _reading(clause=clause, index=heads[0])
    made = _made_by_maker(
        clause=clause, trigger=trigger, objects=objects, candidates=candidates, after=after, grammar=grammar
    )
    if made is not None:
        return _reading(clause=clause, index=made)
    pronoun = _pronoun_opens_segment(clause=clause, trigger=trigger, grammar=grammar)
    if pronoun and (context.antecedent is not None or context.plural):
        return Reading([], [], 0, [])  # 这是 X 的复刻版,它在 D 上训练: the sentence's own antecedent
    if near and not pronoun:
        return _reading(clause=clause, index=near[-1])
    if before and not pronoun and _apposition_head(clause=clause, index=before[-1], end=min(trigger.start, first[0])):
        return _reading(clause=clause, index=before[-1])  # X, a fine-tuned version of Y
    if context.antecedent is not None or context.plural:
        return Reading([], [], 0, [])  # the sentence opens with a pronoun: its antecedent (fallback)
    if (
        (lead := _first_free(clause=clause, fitting=candidates)) is not None
        and clause.places[lead][0] <= _LEADING
        and clause.places[lead][1] <= min(trigger.start, first[0])
    ):
        return _reading(clause=clause, index=lead)  # X … , and it was trained on Y; X: the team tuned Y
    if context.antecedent is not None or context.plural:
        return Reading([], [], 0, [])  # the sentence's pronoun: its antecedent (fallback)
    between = [i for i in free if trigger.end <= clause.places[i][0] and clause.places[i][1] <= first[0]]
    if between:  # يعتمد Vicuna على LLaMA (verb first), we initialise Vicuna with LLaMA's weights
        return _reading(clause=clause, index=between[0])
    if after:
        return _reading(clause=clause, index=after[0])  # Based on LLaMA, Alpaca …; VSO: the verb first
    owner = _possessor(clause=clause, trigger=trigger, objects=objects, candidates=candidates)
    return _reading(clause=clause, index=owner) if owner is not None else Reading([], [], 0, [])


def _possessor(*, clause: Clause, trigger: Trigger, objects: list[int], candidates: list[int]) -> int | None:
    """`The architecture of LLaMA uses RoPE`, `Kiến trúc của LLaMA bao gồm RMSNorm`: with no free
    subject, the name a noun before the verb belongs to, when it differs in kind from the object."""
    kinds = {clause.mentions[i].label for i in objects}
    owned = [
        i
        for i in candidates
        if clause.places[i][1] <= trigger.start
        and "source" in clause.roles[i]
        and clause.mentions[i].label not in kinds
        and _unbroken(clause=clause, a=clause.places[i][1], b=trigger.start)
    ]
    return owned[-1] if owned else None


def _in_relative(*, clause: Clause, index: int, trigger: Trigger, grammar: Grammar) -> bool:
    """No clause boundary between a relative clause's head and the trigger but the comma that
    opens it (`Llama 2, which was trained on …, and Code Llama, a version of …` ends before
    `version`), and no other verb between a head-final clause and its head (X 采用了一种基于 Y 的 Z:
    Z hangs on 基于, not on 采用)."""
    start, end = clause.places[index]
    if start >= trigger.end:
        between = clause.masked[trigger.end : start]
        verb = grammar.triggers.search(between)
        return not _SEGMENT.search(between) and not (verb and verb.lastgroup != "skip")
    return len(_SEGMENT.findall(clause.masked[end : trigger.start].lstrip(" ,，"))) == 0


def _made_by_maker(
    *, clause: Clause, trigger: Trigger, objects: list[int], candidates: list[int], after: list[int], grammar: Grammar
) -> int | None:
    """When the object is the verb's own subject (a maker before the verb: Google released X,
    Meta hat X vorgestellt, Googleが BERTを開発), what it made follows it."""
    first = clause.places[objects[0]]
    if first[1] > trigger.start or clause.roles[objects[0]] & (_BOUND | {"apposition", "instrument"}):
        return None
    between = [
        i
        for i in candidates
        if first[1] <= clause.places[i][0]
        and clause.places[i][1] <= trigger.start
        and i not in objects
        and not clause.roles[i] & {"agent", "genitive", "comparison"}
        and not _after_trigger_word(clause=clause, index=i, grammar=grammar)
        and not _other_trigger(clause=clause, trigger=trigger, a=clause.places[i][1], b=trigger.start)
    ]
    if between and _unbroken(clause=clause, a=first[1], b=trigger.start):
        return between[0]
    if _ACTIVE_GAP.fullmatch(clause.gap(first[1], trigger.start)) and after:
        end = max(trigger.end, first[1])
        if _verb_gap(clause=clause, a=end, b=clause.places[after[0]][0], grammar=grammar):
            return after[0]
    return None


def _after_trigger_word(*, clause: Clause, index: int, grammar: Grammar) -> bool:
    """A name right after another trigger word (基于 GLM) belongs to that trigger."""
    before = clause.masked[max(0, clause.places[index][0] - 16) : clause.places[index][0]]
    return bool(grammar.trigger_end.search(before))


def _pronoun_opens_segment(*, clause: Clause, trigger: Trigger, grammar: Grammar) -> bool:
    """`…, and it was trained on X`, `…,它在 D 上训练`: the clause's subject is a pronoun."""
    if grammar.singular is None:
        return False
    start = max((m.end() for m in _SEGMENT.finditer(clause.masked, 0, trigger.start)), default=0)
    segment = clause.masked[start : trigger.start].lstrip()
    joined = grammar.conjunction.match(segment)
    if joined and joined.end():
        segment = segment[joined.end() :]
    return bool(start and grammar.singular.match(segment))


def _apposition_head(*, clause: Clause, index: int, end: int) -> bool:
    """The name right before the comma that opens the trigger's clause: `Code Llama, a
    code-specialized version of Llama 2`."""
    gap = clause.gap(clause.places[index][1], end)
    return gap.lstrip().startswith((",", "，")) and len(_SEGMENT.findall(gap)) == 1 and PLACEHOLDER.search(gap) is None


def _head_gap(*, clause: Clause, a: int, b: int, grammar: Grammar) -> bool:
    """Between a head-final phrase and its head: nothing, fillers, or a relative marker (的, した, 한)."""
    gap = clause.masked[a:b]
    if not gap.strip() or grammar.fillers.fullmatch(gap):
        return True
    relative = grammar.markers.before.get("relative")
    return (
        len(gap.strip()) <= 6 and not _PUNCTUATION.search(gap) and relative is not None and bool(relative.search(gap))
    )


def _first_free(*, clause: Clause, fitting: list[int]) -> int | None:
    """The first name of the sentence when it could be the subject (past an owner, Stanfords
    Alpaca, and a fronted comparison, Unlike GPT-3) and no marker binds it elsewhere."""
    for index, roles in enumerate(clause.roles):
        if roles & {"comparison"}:
            continue
        if index not in fitting:
            if "genitive" in roles:
                continue
            return None
        if "genitive" in roles and clause.mentions[index].label == "Organization":
            continue
        return None if roles & {"source", "agent", "instrument", "setting"} else index
    return None


def _on_side(*, clause: Clause, trigger: Trigger, index: int, side: str | None) -> bool:
    start, end = clause.places[index]
    return side is None or (side == "before" and end <= trigger.start) or (side == "after" and start >= trigger.end)


def _reading(*, clause: Clause, index: int) -> Reading:
    return Reading(subjects=_with_list(clause=clause, index=index), objects=[], rank=3, fallback=[])


def _with_list(*, clause: Clause, index: int) -> list[int]:
    """The name and the names coordinated with it that are of its kind (a compared one is not)."""
    label = clause.mentions[index].label
    return [
        i
        for i in clause.members(index)
        if clause.mentions[i].label == label and (i == index or _takes_part(roles=clause.roles[i], label=label))
    ]


def _nearest(*, clause: Clause, trigger: Trigger, indexes: list[int], grammar: Grammar) -> int:
    """Closest to the trigger; names on the side the language puts objects on win a near tie."""

    def cost(index: int) -> int:
        start, end = clause.places[index]
        behind = end <= trigger.start
        preferred = behind if grammar.word_order == "SOV" else not behind
        return _distance(clause=clause, trigger=trigger, index=index) + (0 if preferred else 6)

    return min(indexes, key=cost)


def _distance(*, clause: Clause, trigger: Trigger, index: int) -> int:
    start, end = clause.places[index]
    return trigger.start - end if end <= trigger.start else max(0, start - trigger.end)


def _negated(*, clause: Clause, trigger: Trigger, objects: list[int], grammar: Grammar) -> bool:
    """A negation right before the trigger, between it and its object, or (verb-final and
    languages) right after it: not based on, basiert nicht auf, 不是基于, ではない."""
    if grammar.negation is None:
        return False
    start, end = clause.places[objects[0]] if objects else (trigger.end, trigger.end)
    masked = clause.masked
    # A few words before the trigger (không phải là phiên bản), never past another name.
    reach = max([trigger.start - 24] + [b for a, b in clause.places if b <= trigger.start])
    spans = [(max(0, reach), trigger.start), (min(trigger.end, end), max(trigger.start, start))]
    if grammar.word_order == "SOV":
        spans.append((trigger.end, trigger.end + 10))
    return any(_negation_in(masked=masked, a=a, b=b, grammar=grammar) for a, b in spans if b > a)


def _negation_in(*, masked: str, a: int, b: int, grammar: Grammar) -> bool:
    """A negation word there that is not part of a phrase that only looks negative (not only, nicht nur)."""
    for match in grammar.negation.finditer(masked, a, b):
        if match.lastgroup != "skip":
            return True
    return False


def _record(
    *, ctx: Context, clause: Clause, group: str, reading: Reading, objects: list[int], grammar: Grammar
) -> None:
    hedged = grammar.hedges is not None and grammar.hedges.search(clause.masked)
    confidence = CONFIDENCE[group] * (_HEDGED if hedged else 1.0) * (1.0 if reading.rank == 3 else _FALLBACK)
    scratch = grammar.from_scratch is not None and grammar.from_scratch.search(clause.masked)
    subjects = [clause.mentions[i] for i in reading.subjects] + reading.fallback
    said = {
        "evidence": ctx.unit_evidence(unit=clause.unit),
        "extractor": f"clause:{grammar.code}:{group}",
        "confidence": confidence,
        "rank": reading.rank,
    }
    for subject in subjects:
        for index in objects:
            obj = clause.mentions[index]
            type_ = _type(ctx=ctx, group=group, subject=subject, obj=obj)
            if type_ in ("FINE_TUNES", "DISTILLED_FROM") and scratch:
                type_ = "DERIVED_FROM"  # the same architecture trained from scratch shares no weights
            elif type_ == "DERIVED_FROM" and group == "based_on" and _says_fine_tuned(clause=clause, grammar=grammar):
                type_ = "FINE_TUNES"  # built on Y with an instruction-tuning dataset: a fine-tune of Y
            if type_:
                ctx.relate(subject=subject.key, type_=type_, obj=obj.key, **said)


def _section_paper(*, ctx: Context, clause: Clause, trigger: Trigger, grammar: Grammar, labels: set[str]) -> None:
    """`The researchers proposed X` under an entry whose paper line names the paper: X was
    introduced in that paper. What is proposed follows the verb (or precedes it, verb-final)."""
    papers = ctx.paper_of(section=clause.unit.section)
    if not papers or _negated(clause=clause, trigger=trigger, objects=[], grammar=grammar):
        return
    free = [
        i
        for i, found in enumerate(clause.mentions)
        if found.label in labels and not clause.roles[i] & (_BLOCKING | {"source", "agent", "genitive"})
    ]
    after = [i for i in free if clause.places[i][0] >= trigger.end]
    before = [i for i in free if clause.places[i][1] <= trigger.start]
    before = [i for i in before if _unbroken(clause=clause, a=clause.places[i][1], b=trigger.start)]
    # X was proposed (by …): the name before; we propose X: the name after.
    side = before[-1:] or after[:1]
    if not side:
        return
    for index in _with_list(clause=clause, index=side[0]):
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


def _makers(*, ctx: Context, clause: Clause, grammar: Grammar) -> None:
    """Who made a thing, said without a verb: `MPT-30B by MosaicML`, `Claude von Anthropic`,
    `Meta's LLaMA`, `Meta 的 LLaMA`, `GPT-4 (OpenAI)`."""
    evidence = None
    for index in range(1, len(clause.mentions)):
        left, right = clause.mentions[index - 1], clause.mentions[index]
        # Notes, sizes and emphasis between do not count: **IDEFICS (80B)** de Hugging Face.
        gap = grammar.filler_runs.sub(" ", clause.gap(clause.places[index - 1][1], clause.places[index][0]))
        if len(gap.strip()) > 6 and not _owned_by(clause=clause, index=index, grammar=grammar):
            continue  # (a described maker may stand further off)
        if _PUNCTUATION.search(gap.strip().strip("()（）")) or grammar.triggers.search(gap):
            continue  # a verb between is the clause engine's to read
        roles = clause.roles[index]
        if left.label in MADE and right.label == "Organization" and roles & {"agent", "apposition"}:
            made, maker = left, right
            start = clause.places[index - 1][0]
            verb = any(start - 30 <= t.end <= start for t in clause.triggers)
            if verb and "apposition" not in roles:
                continue  # fine-tuned LLaMA by Stanford: the maker of the fine-tune, not of LLaMA
        elif (
            left.label == "Organization"
            and right.label in MADE
            and "genitive" in clause.roles[index - 1]
            and len(clause.gap(clause.places[index - 1][1], clause.places[index][0]).strip(" *_")) <= 3
        ):
            made, maker = right, left  # Meta's LLaMA, Meta 的 LLaMA: the marker alone between
        elif left.label == "Organization" and right.label == "Model" and gap in (" ", "\u00a0"):
            made, maker = right, left  # Nvidia Megatron, Meta Llama 2: the maker names the model
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


def _owned_by(*, clause: Clause, index: int, grammar: Grammar) -> bool:
    """`X is a family of open models from O`, `X ist eine Modellreihe von O`, `X 是 O 的模型`:
    a copula, a description with no other name, verb or comparison, then the maker."""
    left, right = clause.mentions[index - 1], clause.mentions[index]
    roles = clause.roles[index]
    if left.label not in MADE or right.label != "Organization" or not roles & {"agent", "genitive"}:
        return False
    gap = clause.gap(clause.places[index - 1][1], clause.places[index][0])
    if grammar.copula is None or not grammar.copula.search(gap) or len(gap) > 60 or _PUNCTUATION.search(gap):
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
        and not _SEGMENT.search(rest.rstrip("。.!！ "))
    )


def _comparisons(*, grammar: Grammar) -> list:
    found = grammar.markers.anywhere.get("comparison")
    return [found] if found is not None else []


def _says_fine_tuned(*, clause: Clause, grammar: Grammar) -> bool:
    """The sentence also says fine-tuned (a word or a technique's name) and names only two models."""
    if len({f.key for f in clause.mentions if f.label == "Model"}) != 2:
        return False
    tuned = grammar.groups.get("fine_tuned")
    if tuned is None:
        return False
    names = (f.name.lower() for f in clause.mentions if f.label == "Technique")
    return bool(tuned.search(clause.masked)) or any(tuned.search(name) for name in names)


def _type(*, ctx: Context, group: str, subject: Found, obj: Found) -> str | None:
    pair = (subject.label, obj.label)
    if group == "based_on" and pair == ("Technique", "Technique") and _named_after(subject=subject, obj=obj):
        return "DERIVED_FROM"  # SwiGLU built on GLU, LCM-LoRA on LoRA: named after what it descends from
    return next((t for t in GROUPS[group].get(obj.label, ()) if pair in ONTOLOGY[t]), None)


def _named_after(*, subject: Found, obj: Found) -> bool:
    for parent, child in ((match_key(text=obj.name), match_key(text=subject.name)), (obj.key, subject.key)):
        if len(parent) >= 2 and parent in child and parent != child:
            return True
    return False


def clause_relations(*, ctx: Context) -> None:
    from ingest.pipeline.discourse import SentenceContext

    sentence_relations(ctx=ctx, context=SentenceContext(ctx=ctx))

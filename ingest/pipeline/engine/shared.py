"""What the engine's parts share: a reading of who a statement is about, the names' geometry in
the masked sentence (distance, side, clause boundaries), lists, and the words between a verb and
its own object."""

import re
from dataclasses import dataclass

from ingest.pipeline.clause import Clause, Trigger
from ingest.pipeline.grammar import Grammar
from ingest.pipeline.recognize import Found

HEDGED = 0.6  # a guess stays a low-confidence fact
FALLBACK = 0.9  # the subject was not named in the sentence
NEAR = 80  # masked characters: how far an unmarked object may be from its trigger
BLOCKING = frozenset({"comparison"})
FROM_WEIGHTS = frozenset({"continued"})
BOUND = frozenset({"source", "agent", "genitive", "instrument"})  # a marker ties the name to another word
VERB_BREAKERS = frozenset({"source", "result", "agent", "comparison"})
# A technique's name that is a trigger word (fine-tuning, 蒸馏) may be what a model uses, never
# the base of a lineage statement (在此基础上添加了对话微调: 微调 is no base).
TECHNIQUE_AS_OBJECT = frozenset({"uses", "trained_on"})
MADE = frozenset({"Model", "Technique", "Dataset"})
ACTIVE_GAP = re.compile(r"[^\ue000,，.;；:：。()（）]{0,24}")
SEGMENT = re.compile(r"[,，、،;；؛:：。!?！？؟|]")  # a table cell ends a segment too
PUNCTUATION = re.compile(r"[,，،;；؛:：。!?！？؟()（）\[\]\"“”]")
LEADING = 40  # the name a sentence opens with stands within this many characters of its start


@dataclass(frozen=True)
class Reading:
    subjects: list[int]
    objects: list[int]
    rank: int  # 3 named in the sentence, 2 a pronoun's antecedent, 1 the section's subject
    fallback: list[Found]  # subjects from outside the sentence


def distance(*, clause: Clause, trigger: Trigger, index: int) -> int:
    start, end = clause.places[index]
    return trigger.start - end if end <= trigger.start else max(0, start - trigger.end)


def nearest(*, clause: Clause, trigger: Trigger, indexes: list[int], grammar: Grammar) -> int:
    """Closest to the trigger; names on the side the language puts objects on win a near tie."""

    def cost(index: int) -> int:
        start, end = clause.places[index]
        behind = end <= trigger.start
        preferred = behind if grammar.word_order == "SOV" else not behind
        return distance(clause=clause, trigger=trigger, index=index) + (0 if preferred else 6)

    return min(indexes, key=cost)


def unbroken(*, clause: Clause, a: int, b: int) -> bool:
    """No clause boundary (a comma, a stop) between two positions."""
    return SEGMENT.search(clause.gap(a, b)) is None


def side_of(*, clause: Clause, trigger: Trigger, index: int) -> str:
    return "before" if clause.places[index][1] <= trigger.start else "after"


def on_side(*, clause: Clause, trigger: Trigger, index: int, side: str | None) -> bool:
    start, end = clause.places[index]
    return side is None or (side == "before" and end <= trigger.start) or (side == "after" and start >= trigger.end)


def with_list(*, clause: Clause, index: int) -> list[int]:
    """The name and the names coordinated with it that are of its kind (a compared one is not)."""
    label = clause.mentions[index].label
    return [
        i
        for i in clause.members(index)
        if clause.mentions[i].label == label and (i == index or takes_part(roles=clause.roles[i], label=label))
    ]


def reading_of(*, clause: Clause, index: int) -> Reading:
    return Reading(subjects=with_list(clause=clause, index=index), objects=[], rank=3, fallback=[])


def takes_part(*, roles: set[str], label: str) -> bool:
    """A compared name takes no part, unless a relative clause hangs on it (… GPT-3, which …);
    nor does a name that only sets the scene (在 RLHF 中), unless it is the paper (在论文中提出)."""
    if "setting" in roles and label != "Paper":
        return False
    return not roles & BLOCKING or "relative" in roles


def other_trigger(*, clause: Clause, trigger: Trigger, a: int, b: int) -> bool:
    return any(t is not trigger and a <= t.start and t.end <= b for t in clause.triggers)


def verb_gap(*, clause: Clause, a: int, b: int, grammar: Grammar) -> bool:
    """What may stand between a verb and its own object: fillers (articles, sizes, `model`), or
    a few plain words with no punctuation, no other trigger and no marker of another role."""
    gap = clause.masked[a:b]
    if grammar.fillers.fullmatch(gap):
        return True
    # Verb-final clauses hold more between (hat LLaMA 7B mit 52.000 Anweisungen feinabgestimmt).
    room = 40 if grammar.objects == "both" and grammar.spaced else 12
    if len(gap.strip()) > room or PUNCTUATION.search(gap) or grammar.triggers.search(gap):
        return False
    # A linking word (的, の, 's) may stand there; a marker of another role may not.
    return not any(p.search(gap) for role, p in grammar.markers.anywhere.items() if role in VERB_BREAKERS)


def negated(*, clause: Clause, trigger: Trigger, objects: list[int], grammar: Grammar) -> bool:
    """A negation right before the trigger, between it and its object, or (verb-final and
    languages) right after it: not based on, basiert nicht auf, 不是基于, ではない."""
    if grammar.negation is None:
        return False
    start, end = clause.places[objects[0]] if objects else (trigger.end, trigger.end)
    masked = clause.masked
    # A few words before the trigger (không phải là phiên bản), never past another name.
    reach = max([trigger.start - 24] + [b for a, b in clause.places if b <= trigger.start])
    spans = [
        (max(0, reach), trigger.start),
        (min(trigger.end, end), max(trigger.start, start)),
    ]
    if grammar.word_order == "SOV":
        spans.append((trigger.end, trigger.end + 10))
    return any(_negation_in(masked=masked, a=a, b=b, grammar=grammar) for a, b in spans if b > a)


def _negation_in(*, masked: str, a: int, b: int, grammar: Grammar) -> bool:
    """A negation word there that is not part of a phrase that only looks negative (not only, nicht nur)."""
    for match in grammar.negation.finditer(masked, a, b):
        if match.lastgroup != "skip":
            return True
    return False

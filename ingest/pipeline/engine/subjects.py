"""Who a statement is about: what came out, the head a relative clause hangs on, the topic, the
maker's object, the nearest free name in the clause, an apposition's head, the sentence's first
name; a remark in parentheses, a table row's or labelled line's first name, a possessor."""

from ingest.pipeline.clause import PLACEHOLDER, Clause, Trigger, same_clause
from ingest.pipeline.context import Context
from ingest.pipeline.discourse import row_subject
from ingest.pipeline.engine.shared import (
    ACTIVE_GAP,
    BOUND,
    LEADING,
    NEAR,
    PUNCTUATION,
    SEGMENT,
    Reading,
    distance,
    nearest,
    on_side,
    other_trigger,
    reading_of,
    unbroken,
    verb_gap,
)
from ingest.pipeline.grammar import Grammar


def find_subject(
    *,
    clause: Clause,
    trigger: Trigger,
    objects: list[int],
    candidates: list[int],
    grammar: Grammar,
    context,
) -> Reading:
    """Who the statement is about, the first that applies: what came out (into X); the head a
    relative clause hangs on (X, which … / 基于Y的X / Yを…したX); the topic (Xは); the head right
    after a head-final phrase (Y 기반 X); the verb's object when the maker stands before it
    (Google released X, Meta hat X vorgestellt); the nearest free name before the trigger in its
    clause; the name an apposition follows (X, a version of Y); the name the sentence opens with
    (or its pronoun's antecedent); else a free name after the trigger (Based on Y, X …)."""
    free = [i for i in candidates if not clause.roles[i] & BOUND or "topic" in clause.roles[i]]
    free = [i for i in free if same_clause(clause=clause, a=trigger.start, b=clause.places[i][0])]
    first = clause.places[objects[0]]
    before = [i for i in free if clause.places[i][1] <= min(trigger.start, first[0])]
    near = [i for i in before if unbroken(clause=clause, a=clause.places[i][1], b=trigger.start)]
    if (
        near
        and grammar.copula is not None
        and grammar.copula.search(clause.gap(clause.places[near[-1]][1], trigger.start))
    ):
        return reading_of(clause=clause, index=near[-1])  # X is …, X 是一个基于 Y 的 Z 模型: Z only describes X
    head_side = "after" if grammar.head_final else "before"
    for role, side in (("result", None), ("relative", head_side), ("topic", "before")):
        # A marked name heads no relative clause: in `eine Version von Mistral 7B, die …` the
        # clause hangs on the noun before the marker (Version), which is no name.
        found = [
            i for i in free if role in clause.roles[i] and on_side(clause=clause, trigger=trigger, index=i, side=side)
        ]
        if role == "relative":  # the trigger must stand inside that relative clause
            found = [i for i in found if _in_relative(clause=clause, index=i, trigger=trigger, grammar=grammar)]
        if found:
            return reading_of(
                clause=clause,
                index=nearest(clause=clause, trigger=trigger, indexes=found, grammar=grammar),
            )
    end = max(trigger.end, first[1])
    after = [
        i for i in free if clause.places[i][0] >= end and distance(clause=clause, trigger=trigger, index=i) <= NEAR
    ]
    # 基于Y的X, Y 기반 X: the head follows; its own marker (YをベースにしたXを公開) is the next verb's.
    # The head may own what follows it (开源的 Llama 2 的发展: Llama 2 is still what was released).
    heads = [i for i in candidates if clause.places[i][0] >= end and "agent" not in clause.roles[i]]
    if (
        grammar.head_final
        and heads
        and _head_gap(clause=clause, a=end, b=clause.places[heads[0]][0], grammar=grammar)
        and not other_trigger(clause=clause, trigger=trigger, a=trigger.end, b=clause.places[heads[0]][0])
    ):
        return reading_of(clause=clause, index=heads[0])
    made = _made_by_maker(
        clause=clause,
        trigger=trigger,
        objects=objects,
        candidates=candidates,
        after=after,
        grammar=grammar,
    )
    if made is not None:
        return reading_of(clause=clause, index=made)
    pronoun = _pronoun_opens_segment(clause=clause, trigger=trigger, grammar=grammar)
    if pronoun and (context.antecedent is not None or context.plural):
        return Reading([], [], 0, [])  # 这是 X 的复刻版,它在 D 上训练: the sentence's own antecedent
    if near and not pronoun:
        return reading_of(clause=clause, index=near[-1])
    if before and not pronoun and _apposition_head(clause=clause, index=before[-1], end=min(trigger.start, first[0])):
        return reading_of(clause=clause, index=before[-1])  # X, a fine-tuned version of Y
    if context.antecedent is not None or context.plural:
        return Reading([], [], 0, [])  # the sentence opens with a pronoun: its antecedent (fallback)
    if (
        (lead := _first_free(clause=clause, fitting=candidates)) is not None
        and clause.places[lead][0] <= LEADING
        and clause.places[lead][1] <= min(trigger.start, first[0])
    ):
        return reading_of(clause=clause, index=lead)  # X … , and it was trained on Y; X: the team tuned Y
    between = [i for i in free if trigger.end <= clause.places[i][0] and clause.places[i][1] <= first[0]]
    if between:  # يعتمد Vicuna على LLaMA (verb first), we initialise Vicuna with LLaMA's weights
        return reading_of(clause=clause, index=between[0])
    if after:
        return reading_of(clause=clause, index=after[0])  # Based on LLaMA, Alpaca …; VSO: the verb first
    owner = _possessor(clause=clause, trigger=trigger, objects=objects, candidates=candidates)
    return reading_of(clause=clause, index=owner) if owner is not None else Reading([], [], 0, [])


def parenthetical(*, clause: Clause, trigger: Trigger, candidates: list[int], grammar: Grammar) -> Reading | None:
    """A trigger inside parentheses is about a name inside them, or the name right before them
    (`gpt2` (the smallest version of GPT2)); never about the sentence around them."""
    opening = clause.masked.rfind("(", 0, trigger.start)
    if opening < 0 or clause.masked.find(")", opening, trigger.start) >= 0:
        return None
    inside = [i for i in candidates if opening < clause.places[i][0] and clause.places[i][1] <= trigger.start]
    inside = [i for i in inside if not clause.roles[i] & BOUND]
    if inside:
        return reading_of(clause=clause, index=inside[-1])
    before = [
        i
        for i in candidates
        if clause.places[i][1] <= opening and not clause.masked[clause.places[i][1] : opening].strip()
    ]
    # An apposition opens with an article or the like (the smallest version of GPT-2), a remark
    # with a clause of its own (we may train a version of …) says nothing about the name.
    described = grammar.filler_runs.match(clause.masked, opening + 1) is not None
    return reading_of(clause=clause, index=before[-1]) if before and described else Reading([], [], -1, [])


def owner_is_child(*, clause: Clause, trigger: Trigger, index: int, grammar: Grammar) -> bool:
    """Whose base (teacher, predecessor) the trigger names: a genitive before it (X's, X的, Xの)
    or, where nouns take their complement after them, the name `of` binds after it (the base model
    of X). A bare name after it (the teacher RoBERTa) or one marked otherwise (以 Y 作为基座模型) is
    the base itself."""
    if "genitive" in clause.roles[index]:
        return True
    after = clause.places[index][0] >= trigger.end
    return not grammar.head_final and after and "source" in clause.roles[index]


def row_over_description(*, ctx: Context, clause: Clause, reading: Reading, labels: set[str]) -> Reading:
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
        and unbroken(clause=clause, a=clause.places[i][1], b=trigger.start)
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
        return not SEGMENT.search(between) and not (verb and verb.lastgroup != "skip")
    return len(SEGMENT.findall(clause.masked[end : trigger.start].lstrip(" ,，"))) == 0


def _made_by_maker(
    *,
    clause: Clause,
    trigger: Trigger,
    objects: list[int],
    candidates: list[int],
    after: list[int],
    grammar: Grammar,
) -> int | None:
    """When the object is the verb's own subject (a maker before the verb: Google released X,
    Meta hat X vorgestellt, Googleが BERTを開発), what it made follows it."""
    first = clause.places[objects[0]]
    if first[1] > trigger.start or clause.roles[objects[0]] & (BOUND | {"apposition", "instrument"}):
        return None
    between = [
        i
        for i in candidates
        if first[1] <= clause.places[i][0]
        and clause.places[i][1] <= trigger.start
        and i not in objects
        and not clause.roles[i] & {"agent", "genitive", "comparison"}
        and not _after_trigger_word(clause=clause, index=i, grammar=grammar)
        and not other_trigger(clause=clause, trigger=trigger, a=clause.places[i][1], b=trigger.start)
    ]
    if between and unbroken(clause=clause, a=first[1], b=trigger.start):
        return between[0]
    if ACTIVE_GAP.fullmatch(clause.gap(first[1], trigger.start)) and after:
        end = max(trigger.end, first[1])
        if verb_gap(clause=clause, a=end, b=clause.places[after[0]][0], grammar=grammar):
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
    start = max((m.end() for m in SEGMENT.finditer(clause.masked, 0, trigger.start)), default=0)
    segment = clause.masked[start : trigger.start].lstrip()
    joined = grammar.conjunction.match(segment)
    if joined and joined.end():
        segment = segment[joined.end() :]
    return bool(start and grammar.singular.match(segment))


def _apposition_head(*, clause: Clause, index: int, end: int) -> bool:
    """The name right before the comma that opens the trigger's clause: `Code Llama, a
    code-specialized version of Llama 2`."""
    gap = clause.gap(clause.places[index][1], end)
    return gap.lstrip().startswith((",", "，")) and len(SEGMENT.findall(gap)) == 1 and PLACEHOLDER.search(gap) is None


def _head_gap(*, clause: Clause, a: int, b: int, grammar: Grammar) -> bool:
    """Between a head-final phrase and its head: nothing, fillers, or a relative marker (的, した, 한)."""
    gap = clause.masked[a:b]
    if not gap.strip() or grammar.fillers.fullmatch(gap):
        return True
    relative = grammar.markers.before.get("relative")
    gap = grammar.filler_runs.sub(" ", gap)  # 开源的 7B-65B LLaMA: the sizes describe the head
    return len(gap.strip()) <= 6 and not PUNCTUATION.search(gap) and relative is not None and bool(relative.search(gap))


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

"""What a trigger is about: the name its markers bind (from X, X를, 基于X, X's successor), else the
direct object the language's word order puts next to the verb, else the nearest name of the
object's kind on the side the language puts objects."""

from ingest.pipeline.clause import (
    PLACEHOLDER,
    Clause,
    Trigger,
    same_clause,
    technique_trigger,
)
from ingest.pipeline.engine.shared import (
    FROM_WEIGHTS,
    NEAR,
    PUNCTUATION,
    SEGMENT,
    distance,
    nearest,
    side_of,
    unbroken,
    verb_gap,
    with_list,
)
from ingest.pipeline.grammar import Grammar


def find_objects(
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
            clause=clause,
            trigger=trigger,
            index=i,
            labels=labels,
            grammar=grammar,
            competing=candidates,
            group=group,
        )
    ]
    if marked:
        # One object per kind: fine-tuned from LLaMA (the model) on ShareGPT (the data), or with
        # QLoRA (marked) and LLaMA (the verb's own object).
        chosen = []
        for label in sorted({clause.mentions[i].label for i in marked}):
            same = [i for i in marked if clause.mentions[i].label == label]
            chosen += with_list(
                clause=clause,
                index=nearest(clause=clause, trigger=trigger, indexes=same, grammar=grammar),
            )
        direct = _direct_object(
            clause=clause,
            trigger=trigger,
            grammar=grammar,
            fitting=fitting,
            candidates=candidates,
        )
        if direct is not None and clause.mentions[direct].label not in {clause.mentions[i].label for i in chosen}:
            chosen += with_list(clause=clause, index=direct)
        return sorted(set(chosen))
    made = [i for i in candidates if "result" in clause.roles[i]]
    if made:  # Y was fine-tuned into X, fine-tuning Y yields X: the other free name is the source
        source = [i for i in fitting if i not in made and not clause.roles[i] & {"source", "agent", "genitive"}]
        source = [
            i
            for i in source
            if unbroken(
                clause=clause,
                a=min(trigger.start, clause.places[i][0]),
                b=max(trigger.start, clause.places[i][0]),
            )
        ]
        if source:
            return with_list(
                clause=clause,
                index=nearest(clause=clause, trigger=trigger, indexes=source, grammar=grammar),
            )
    direct = _direct_object(
        clause=clause,
        trigger=trigger,
        grammar=grammar,
        fitting=fitting,
        candidates=candidates,
    )
    if direct is not None:
        return with_list(clause=clause, index=direct)
    if "Model" in labels:
        return []  # lineage needs a marker or the verb's own object: never just a nearby model
    # Meta's LLaMA, trained on X's data: a name that owns the next word is not the object.
    near = [i for i in fitting if not clause.roles[i] & {"source", "genitive"} or "agent" in clause.roles[i]]
    near = [i for i in near if distance(clause=clause, trigger=trigger, index=i) <= NEAR]
    near = [i for i in near if unbroken(clause=clause, a=trigger.start, b=clause.places[i][0])]
    # After the verb nothing competing may stand between (presentado como alternativa a ChatGPT de
    # OpenAI); before it, the maker is the verb's subject with its object between (O hat X vorgestellt).
    near = [
        i
        for i in near
        if clause.places[i][1] <= trigger.start
        or _only_complements(clause=clause, trigger=trigger, index=i, competing=candidates)
    ]
    if labels & subject_labels:  # a technique may be either end: only the object's side counts
        near = [i for i in near if side_of(clause=clause, trigger=trigger, index=i) in (grammar.objects, "both")]
    if near:
        return with_list(
            clause=clause,
            index=nearest(clause=clause, trigger=trigger, indexes=near, grammar=grammar),
        )
    return []


def is_trigger_name(*, clause: Clause, index: int, grammar: Grammar) -> bool:
    return (
        clause.mentions[index].label == "Technique"
        and technique_trigger(clause=clause, index=index, grammar=grammar) is not None
    )


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
        or distance(clause=clause, trigger=trigger, index=index) > NEAR
        or ("agent" not in roles and not _same_segment(clause=clause, trigger=trigger, index=index))
    ):
        return False
    agent = "agent" in roles and labels == {"Organization"}  # introduced in P by Google: `by` is reliable
    # The name right after the verb may stand before the marked one: the verb's own object
    # (initialize Vicuna with LLaMA weights) or, verb first, its subject (تم ضبط Alpaca على LLaMA).
    after = [i for i in competing if clause.places[i][0] >= trigger.end]
    if after and (
        grammar.word_order == "VSO"
        or verb_gap(clause=clause, a=trigger.end, b=clause.places[after[0]][0], grammar=grammar)
    ):
        competing = [i for i in competing if i != after[0]]
    if not agent and not _only_complements(clause=clause, trigger=trigger, index=index, competing=competing):
        return False  # fine-tuned BLOOM, and … a version of BLOOMZ: that `of` is the other trigger's
    gap = clause.gap(end, trigger.start).strip() if end <= trigger.start else None
    if gap is not None and len(gap) <= 8 and roles & {"genitive", "glued"}:
        return True  # Y's successor, Y的版本, Yの後継, LLaMA-based
    close = gap == "" or (not grammar.spaced and gap is not None and len(gap) <= 2 and not PUNCTUATION.search(gap))
    if close and grammar.head_final and not roles & {"topic", "instrument"}:
        return True  # Transformer ベース, LLaMA 기반, 与 GPT-3 完全相同的架构: the noun's modifier
    if labels == {"Organization"}:
        return "agent" in roles  # developed by Google; a source (based on Meta's …) is no maker
    # What a verb works with is a technique or data; a model only where it is the starting point
    # (initialisieren LeoLM mit Llama-2-Gewichten: continued pre-training from those weights).
    # A model used to build data, or as a yardstick, is no parent (built with GPT-3 … data).
    tool = clause.mentions[index].label in ("Technique", "Dataset") or group in FROM_WEIGHTS
    bound = "source" in roles or ("instrument" in roles and tool)
    return bool(bound) and grammar.objects in (
        side_of(clause=clause, trigger=trigger, index=index),
        "both",
    )


def _same_segment(*, clause: Clause, trigger: Trigger, index: int) -> bool:
    """No comma between a trigger and the near edge of a marked name's list (…上进行训练,在 D
    上进行训练: D is the second 训练's; trained on A, B and C: the list's own commas do not count)."""
    members = clause.members(index)
    if clause.places[index][0] >= trigger.end:
        return unbroken(clause=clause, a=trigger.end, b=clause.places[members[0]][0])
    return unbroken(clause=clause, a=clause.places[members[-1]][1], b=trigger.start)


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
            if not clause.roles[other] & {
                "genitive",
                "source",
                "agent",
                "instrument",
                "result",
            }:
                return False
    return True


def _direct_object(
    *,
    clause: Clause,
    trigger: Trigger,
    grammar: Grammar,
    fitting: list[int],
    candidates: list[int],
) -> int | None:
    """SVO/VSO: the name right after the verb (fine-tuning LLaMA, uses RoPE); or a participle
    after its noun behind a copula (FLAN-T5 is T5 fine-tuned …). SOV: the name right before it
    (Transformer ベース, LLaMA 기반)."""
    if trigger.mention is not None and grammar.spaced:
        return None  # a technique's name (fine-tuning) is a noun there; 微调 X is a verb
    after = [
        i
        for i in fitting
        # A name a marker ties to something else (with DPO) is not the verb's own object.
        if clause.places[i][0] >= trigger.end and not clause.roles[i] & {"result", "topic", "genitive", "instrument"}
    ]
    before = [i for i in fitting if clause.places[i][1] <= trigger.start]
    if grammar.word_order == "SOV":
        close = [i for i in before if verb_gap(clause=clause, a=clause.places[i][1], b=trigger.start, grammar=grammar)]
        return close[-1] if close and "topic" not in clause.roles[close[-1]] else None
    if after and verb_gap(clause=clause, a=trigger.end, b=clause.places[after[0]][0], grammar=grammar):
        return after[0]
    if before and grammar.copula is not None:
        noun = before[-1]
        roles = clause.roles[noun]
        if "instrument" in roles and "source" not in roles and clause.mentions[noun].label == "Model":
            return None  # X 是使用 GPT-3 构建数据的: a model it works with is no parent
        if verb_gap(clause=clause, a=clause.places[noun][1], b=trigger.start, grammar=grammar):
            # X is T5 fine-tuned on …, Das Team hat LLaMA feinabgestimmt: a copula or auxiliary
            # earlier in the clause makes the name before the participle its object.
            start = max(
                (m.end() for m in SEGMENT.finditer(clause.masked, 0, clause.places[noun][0])),
                default=0,
            )
            lead = clause.masked[start : clause.places[noun][0]]
            if grammar.copula.search(lead) and (PLACEHOLDER.search(lead) or grammar.objects == "both"):
                return noun
    return None

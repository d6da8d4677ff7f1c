"""Subjects of relation cues: slots, lists, clauses, relative clauses, pronouns, sections."""

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.lexicon.loader import load_rules
from ingest.pipeline.context import Context
from ingest.pipeline.recognize import Found
from ingest.pipeline.segment import Unit

# Cue templates read a sentence whose names are replaced by numbered placeholders.
OPEN, CLOSE = "\ue000", "\ue001"
PLACEHOLDER = f"{OPEN}\\d+{CLOSE}"
INDEX = re.compile(f"{OPEN}(\\d+){CLOSE}")
LANGUAGE_CUES = {"zh-Hans": "zh", "zh-Hant": "zh", "de": "de", "en": "en"}
# What may stand before a sentence's leading name: quotes, a pronoun, an article with one
# adjective (the original Transformer), a short Chinese attribute (最初的 Transformer).
LEADING = re.compile(
    r"^[\s\"'“”„«»(（\[]*(?:它|其|该模型|此模型|es|er|sie|it|this model)?"
    r"(?:(?:the|der|die|das|ein|eine|a|an)\s+(?:\w+\s+)?|[\u4e00-\u9fff]{1,3}的\s*)?[\s,，:：]*$"
)
_RELATIVE = re.compile(r"\s*,\s*(?:die|der|das|welche[rsn]?|which|that|who)\s")
_APPOSITIVE = re.compile(r"\s*,\s*(?:(?:a|an|ein|eine|einen)\s|一个|一种|一款)")
_CONJUNCTION_LEAD = re.compile(r"^\s*(?:and|but|while|whereas|und|aber|während|doch|而|并且|但是|但|同时)\s*")
# What follows a later clause's subject: a copula or a verb (`, Pile 是…`, `, and Mixtral uses …`).
_SUBJECT_VERB = re.compile(
    r"\s*(?:是|则|也|还|都|采用|使用|基于|由|在|is|was|are|were|has|had|uses?|used|adopts?|ist|war|sind|wird|wurde|"
    r"basiert|nutzt|verwendet)(?![a-z])"
)
SUBJECT_LABELS = frozenset({"Model", "Technique", "Dataset"})
_CONJUNCTION = re.compile(r"\s*[,，]?\s*(?:and|und|sowie|or|oder|以及|和|与|及|或)\s*|\s*[、&/]\s*")
_COMMA = re.compile(r"\s*[,，]\s*")
_OPENING = re.compile(r"\s*[(（]\s*")
_CLOSING = re.compile(r"\s*[)）]")


@dataclass(frozen=True)
class Sentence:
    unit: Unit
    mentions: list[Found]
    masked: str  # lowercase text with each mention replaced by a placeholder
    antecedent: Found | None  # what a leading pronoun (它, it, es) refers to


@lru_cache(maxsize=1)
def not_subject() -> dict[str, tuple[re.Pattern, re.Pattern]]:
    """Per language: words right before a name that make it an object or a comparison, and
    words right after it that make it a modifier."""
    data = load_rules(name="relations")
    return {
        language: (re.compile(f"(?:{after})\\s*$"), re.compile(f"\\s*(?:{data['not_subject_before'][language]})"))
        for language, after in data["not_subject_after"].items()
    }


def cue_subject(*, ctx: Context, sentence: Sentence, match: re.Match, masked: str) -> tuple[list[Found], int]:
    """Who a cue is about, and how surely (see Draft.rank), first that applies: {X} and the names
    coordinated with it (`A, B und C basieren auf …`); the name a relative clause hangs on
    (`X, which uses …`); the name (list) opening the sentence or the cue's clause; after a
    sentence-opening pronoun, its antecedent; the last model before the cue in subject position
    (`fine-tuned from Llama 2 using RLHF`: Llama 2 follows a preposition); the section's subject."""
    mentions = sentence.mentions
    groups = _groups(masked=masked)
    if "X" in match.re.groupindex and match.group("X"):
        at = match.start("X")
        group = next(g for g in groups if any(m.start() == at for m in g))
        members = [mentions[int(m.group(1))] for m in group if m.start() <= at]
        x = mentions[int(INDEX.search(match.group("X")).group(1))]
        return [f for f in members if f.label == x.label], 3
    before = [g for g in groups if g[0].start() < match.start()]
    relative = _relative_antecedent(masked=masked, groups=before, at=match.start())
    # `eine feinabgestimmte Version von Mistral 7B, die mit DPO trainiert wurde`: after a
    # preposition the clause may hang on the noun before it (Version), so it proves nothing.
    if relative is not None and _may_be_subject(ctx=ctx, masked=masked, group=relative):
        found = [mentions[int(m.group(1))] for m in relative]
        if found[0].label in SUBJECT_LABELS:
            return [f for f in found if f.label == found[0].label], 3
    appositive = _appositive_head(masked=masked, groups=before, at=match.start())
    if appositive is not None and mentions[int(appositive.group(1))].label in SUBJECT_LABELS:
        return [mentions[int(appositive.group(1))]], 3
    for group in reversed(before):
        if _clause_leading(masked=masked, group=group):
            members = [mentions[int(m.group(1))] for m in group if m.start() < match.start()]
            if members[0].label in SUBJECT_LABELS:
                return [f for f in members if f.label == members[0].label], 3
    if sentence.antecedent is not None:
        return [sentence.antecedent], 2  # a sentence that starts with `it` is about what came before
    for group in reversed(before):
        if mentions[int(group[0].group(1))].label == "Model" and _may_be_subject(ctx=ctx, masked=masked, group=group):
            return [mentions[int(m.group(1))] for m in group if m.start() < match.start()], 2
    section = ctx.subject_of(section=sentence.unit.section)
    return ([section], 1) if section is not None else ([], 0)


def _relative_antecedent(*, masked: str, groups: list[list[re.Match]], at: int) -> list[re.Match] | None:
    """`Transformer, die vollständig auf … basiert`, `Mistral 7B, which uses GQA`: the name a
    relative clause hangs on is the subject of the cue inside that clause."""
    if not groups:
        return None
    clause = _RELATIVE.match(masked, groups[-1][-1].end())
    return groups[-1] if clause is not None and clause.end() <= at else None


def _appositive_head(*, masked: str, groups: list[list[re.Match]], at: int) -> re.Match | None:
    """`…, and Code Llama, a code-specialized version of Llama 2`: a cue inside an appositive is
    about the name the appositive follows."""
    if not groups:
        return None
    last = groups[-1][-1]
    phrase = _APPOSITIVE.match(masked, last.end())
    return last if phrase is not None and phrase.end() <= at else None


def _clause_leading(*, masked: str, group: list[re.Match]) -> bool:
    """The group starts the sentence, or starts a later clause as its subject (`…训练的,Pile
    是一个由 EleutherAI 创建的数据集`, `…, and Mixtral uses …`)."""
    start = group[0].start()
    boundary = max(masked.rfind(mark, 0, start) for mark in ",，;；") + 1
    if boundary == 0:
        return bool(LEADING.match(masked[:start]))
    lead = _CONJUNCTION_LEAD.sub("", masked[boundary:start], count=1)
    return bool(LEADING.match(lead)) and bool(_SUBJECT_VERB.match(masked, group[-1].end()))


def _may_be_subject(*, ctx: Context, masked: str, group: list[re.Match]) -> bool:
    rules = not_subject().get(LANGUAGE_CUES.get(ctx.language, ""))
    if rules is None:
        return True
    after, before = rules
    start = group[0].start()
    return not after.search(masked, max(0, start - 24), start) and not before.match(masked, group[-1].end())


def _groups(*, masked: str) -> list[list[re.Match]]:
    """Placeholders grouped into coordinated lists (`A, B and C`); a short form in parentheses
    right after a name (`Mixture-of-Experts (MoE)`) belongs to that name and is left out."""
    groups: list[list[re.Match]] = []
    joined: list[bool] = []  # whether a group has a conjunction: bare commas alone make no list
    for found in INDEX.finditer(masked):
        if groups:
            between = masked[groups[-1][-1].end() : found.start()]
            if _OPENING.fullmatch(between) and _CLOSING.match(masked, found.end()):
                continue
            conjunction = bool(_CONJUNCTION.fullmatch(between))
            # `… outperforms Llama 2, and Mixtral uses …` starts a clause: no list.
            joins = conjunction or bool(_COMMA.fullmatch(between))
            if joins and not _new_clause(masked=masked, group=groups[-1], between=between, found=found):
                groups[-1].append(found)
                joined[-1] = joined[-1] or conjunction
                continue
        groups.append([found])
        joined.append(False)
    return [g for group, ok in zip(groups, joined, strict=True) for g in ([group] if ok else [[m] for m in group])]


def _new_clause(*, masked: str, group: list[re.Match], between: str, found: re.Match) -> bool:
    """`, and <name> <verb>` after a list that does not itself open a clause starts a new clause."""
    if "," not in between and "，" not in between:
        return False
    start = group[0].start()
    boundary = max(masked.rfind(mark, 0, start) for mark in ",，;；") + 1
    opens = LEADING.match(_CONJUNCTION_LEAD.sub("", masked[boundary:start], count=1))
    return not opens and bool(_SUBJECT_VERB.match(masked, found.end()))

"""Relate stage, cue part: per-language relation templates (cues/relations.yaml) over sentences."""

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ingest.lexicon.loader import load_rules
from ingest.pipeline.anchors import required_literals
from ingest.pipeline.context import ONTOLOGY, Context
from ingest.pipeline.recognize import Found
from ingest.pipeline.segment import Unit
from ingest.pipeline.subjects import (
    CLOSE,
    INDEX,
    LANGUAGE_CUES,
    LEADING,
    OPEN,
    PLACEHOLDER,
    SUBJECT_LABELS,
    Sentence,
    cue_subject,
)

_JOINER = r"\s*(?:,|，|、|和|与|及|以及|或|and|und|or|oder|sowie|&|/)\s*"
# A name may carry its short form in parentheses: 混合专家(MoE).
_ITEM = f"{PLACEHOLDER}(?:\\s*[(（]\\s*{PLACEHOLDER}\\s*[)）])?"
# List members may be separated by a few plain words that are not names (一些书籍、网络文本和 …).
_GAP = f"(?:{_JOINER}[^{OPEN}，,。;；!?！？]{{1,10}}?(?={_JOINER}))*"
# The subject may carry its other name in parentheses: 通义千问(Qwen)是阿里云推出的.
_SLOT_X = f"(?P<X>{PLACEHOLDER})(?:\\s*[(（]\\s*{PLACEHOLDER}\\s*[)）])?"
# `uses GQA for faster inference and SWA`: a few plain words, then a conjunction and a name.
_AND_GAP = f"[^{OPEN}，,。;；!?！？:：]{{1,30}}?\\s(?:and|und|sowie)\\s+|[^{OPEN}，,。;；!?！？]{{1,12}}?(?:和|以及|并)"
# A possessive before the object: `fine-tuned from Meta's LLaMA` (not 的: `基于 GPT-3 的 InstructGPT`).
_POSSESSIVE = f"(?:{PLACEHOLDER}\\s*(?:'s|’s)\\s+)?"
_SLOT_Y = f"{_POSSESSIVE}(?P<Y>{_ITEM}(?:(?:{_GAP}{_JOINER}|{_AND_GAP}){_ITEM})*)"
_HIDDEN = "\ue002"  # a name read as plain text when retrying a template
_PRONOUN = re.compile(
    r"[\s\"'“”„(（]*(?:它|其|该模型|此模型|这个模型|this model|the model|it|es|das modell|dieses modell)(?![a-z])"
)


@dataclass(frozen=True)
class Cue:  # not slotted: cached_property needs the instance dict
    name: str
    language: str
    types: tuple[str, ...] | dict[str, tuple[str, ...]]
    confidence: float
    target: str
    pattern: re.Pattern
    anchors: frozenset[str]  # one of these must be in a sentence for the pattern to match

    @cached_property
    def sees_techniques(self) -> bool:
        """Cues whose object can be a technique need techniques masked; the others read them as
        words, because technique names like 微调 or distillation are often the cue itself."""
        types = {t for ts in self.types.values() for t in ts} if isinstance(self.types, dict) else self.types
        return self.target == "paper-introduces" or any("Technique" in (s, o) for t in types for s, o in ONTOLOGY[t])


def _types(*, spec) -> tuple[str, ...] | dict[str, tuple[str, ...]]:
    """A list of types tried in order, or a mapping from the object's label to such a list."""
    if isinstance(spec, dict):
        return {label: tuple(t if isinstance(t, list) else [t]) for label, t in spec.items()}
    return tuple(spec)


@lru_cache(maxsize=1)
def negations() -> dict[str, tuple[re.Pattern, re.Pattern | None]]:
    """Per language: a negation right before a match, and one inside it before its object."""
    rules = load_rules(name="relations")
    inside = rules["negation_inside"]
    return {
        language: (re.compile(p), re.compile(inside[language]) if language in inside else None)
        for language, p in rules["negation"].items()
    }


@lru_cache(maxsize=1)
def hedges() -> tuple[dict[str, re.Pattern], float]:
    rules = load_rules(name="relations")
    return {language: re.compile(p) for language, p in rules["hedges"].items()}, float(rules["hedged_confidence"])


@lru_cache(maxsize=1)
def fine_tuned_words() -> dict[str, re.Pattern]:
    return {language: re.compile(p) for language, p in load_rules(name="relations")["fine_tuned_words"].items()}


@lru_cache(maxsize=1)
def relation_cues() -> dict[str, tuple[Cue, ...]]:
    data = load_rules(name="relations")["cues"]
    cues: dict[str, tuple[Cue, ...]] = {}
    for language, specs in data.items():
        compiled = []
        for spec in specs:
            for template in spec["templates"]:
                pattern = template.replace("{X}", _SLOT_X).replace("{Y}", _SLOT_Y)
                compiled.append(
                    Cue(
                        spec["cue"],
                        language,
                        _types(spec=spec["types"]),
                        float(spec["confidence"]),
                        spec.get("target", ""),
                        re.compile(pattern),
                        required_literals(pattern=pattern),
                    )
                )
        cues[language] = tuple(compiled)
    return cues


def cue_relations(*, ctx: Context) -> None:
    language = LANGUAGE_CUES.get(ctx.language, "")
    cues = relation_cues().get(language, ())
    negation = negations().get(language)
    if not cues:
        return
    previous: tuple[int, Found | None] = (-1, None)  # end of the last sentence, its leading name
    for unit in ctx.segmentation.units:
        if unit.kind != "sentence":
            continue
        everything = _maskable(founds=ctx.mentions_in(start=unit.start, end=unit.end))
        same_paragraph = previous[0] >= 0 and "\n" not in ctx.text[previous[0] : unit.start]
        antecedent = None
        if _PRONOUN.match(ctx.lower, unit.start):
            # `It …` refers to the previous sentence's leading name, else (opening a paragraph,
            # or after a sentence led by no name) to what the section is about.
            antecedent = (previous[1] if same_paragraph else None) or ctx.subject_of(section=unit.section)
        previous = (unit.end, _leading(ctx=ctx, unit=unit, mentions=everything) or antecedent)
        if not everything:
            continue
        names = [f for f in everything if f.label != "Technique"]
        full = Sentence(unit, everything, _mask(lower=ctx.lower, unit=unit, mentions=everything), antecedent)
        # Cues that read techniques as words see the sentence with only the other names masked.
        plain = (
            full
            if len(names) == len(everything)
            else Sentence(unit, names, _mask(lower=ctx.lower, unit=unit, mentions=names), antecedent)
        )
        for cue in cues:
            _read_cue(ctx=ctx, sentence=full if cue.sees_techniques else plain, cue=cue, negation=negation)


def _leading(*, ctx: Context, unit: Unit, mentions: list[Found]) -> Found | None:
    """The name a sentence starts with, when it is a model, technique or dataset."""
    if mentions and LEADING.match(ctx.lower[unit.start : mentions[0].start]):
        return mentions[0] if mentions[0].label in SUBJECT_LABELS else None
    return None


def _read_cue(*, ctx: Context, sentence: Sentence, cue: Cue, negation) -> None:
    """Every match of one cue in a sentence. When the object a template found cannot take the
    relation (使用 Transformer-XL 的相对位置编码: a model, not a technique), that name is read as
    plain text and the template tries again, so the next name in reach can be the object."""
    masked = sentence.masked
    if cue.anchors and not any(anchor in masked for anchor in cue.anchors):
        return
    position, retries = 0, 0
    while position <= len(masked):
        match = cue.pattern.search(masked, position)
        if match is None:
            return
        if negation is not None and _negated(negation=negation, masked=masked, match=match):
            position = match.end()
            continue
        used = _apply(ctx=ctx, sentence=sentence, cue=cue, match=match, masked=masked)
        if used is not None or retries >= 3:
            position, retries = max(used or match.end(), match.start() + 1), 0
            continue
        retries += 1
        first = INDEX.search(match.group("Y"))
        at = match.start("Y") + first.start()
        masked = masked[:at] + _HIDDEN * len(first.group(0)) + masked[at + len(first.group(0)) :]


def _negated(*, negation: tuple[re.Pattern, re.Pattern | None], masked: str, match: re.Match) -> bool:
    before, inside = negation
    if before.search(masked, max(0, match.start() - 12), match.start()):
        return True
    return inside is not None and bool(inside.search(masked, match.start(), match.start("Y")))


def _maskable(*, founds: list[Found]) -> list[Found]:
    """Non-overlapping mentions; a title never hides the names inside it."""
    names = [f for f in founds if f.source != "title"]
    titles = [t for t in founds if t.source == "title" and not any(t.start < n.end and n.start < t.end for n in names)]
    chosen: list[Found] = []
    for found in sorted(names + titles, key=lambda f: (f.start, -f.end)):
        if not chosen or found.start >= chosen[-1].end:
            chosen.append(found)
    return chosen


def _mask(*, lower: str, unit: Unit, mentions: list[Found]) -> str:
    parts, position = [], unit.start
    for index, found in enumerate(mentions):
        parts.append(lower[position : found.start])
        parts.append(f"{OPEN}{index}{CLOSE}")
        position = found.end
    parts.append(lower[position : unit.end])
    return "".join(parts)


def _apply(*, ctx: Context, sentence: Sentence, cue: Cue, match: re.Match, masked: str) -> int | None:
    """Record what one match states. Returns where reading may go on (after the last object
    used: a list stops where the kind of name changes, `Claude von Anthropic und Bard von
    Google`), or None when the object cannot take the cue's relation."""
    unit, mentions = sentence.unit, sentence.mentions
    found = list(INDEX.finditer(masked, match.start("Y"), match.end("Y")))
    found = [m for m in found if m.start() >= match.start("Y")]
    first_label = mentions[int(found[0].group(1))].label
    kept = [
        m
        for m in found[
            : next((i for i, m in enumerate(found) if mentions[int(m.group(1))].label != first_label), len(found))
        ]
    ]
    objects = [mentions[int(m.group(1))] for m in kept]
    if cue.target != "paper-introduces":
        # A name inside a quoted paper title (“Augmenting Reinforcement Learning with …”) is
        # the paper's topic, not something the subject uses.
        titles = [(f.start, f.end) for f in ctx.mentions_in(start=unit.start, end=unit.end) if f.source == "title"]
        objects = [o for o in objects if not any(a <= o.start and o.end <= b for a, b in titles)]
        if not objects:
            return None
    hedge, factor = hedges()
    guessed = cue.language in hedge and hedge[cue.language].search(masked)
    said = {
        "evidence": ctx.unit_evidence(unit=unit),
        "extractor": f"cue:{cue.language}:{cue.name}",
        "confidence": cue.confidence * factor if guessed else cue.confidence,
    }
    if cue.target == "paper-introduces":
        pairs = [(obj.key, "INTRODUCED_IN", paper) for paper in ctx.paper_of(section=unit.section) for obj in objects]
    else:
        if cue.target == "paper-publisher":
            subjects, said["rank"] = ctx.paper_of(section=unit.section), 2
        else:
            found_subjects, said["rank"] = cue_subject(ctx=ctx, sentence=sentence, match=match, masked=masked)
            subjects = [f.key for f in found_subjects]
        if not subjects:
            return kept[-1].end()
        pairs = [
            (key, _first_allowed(ctx=ctx, types=cue.types, subject=key, obj=obj.key), obj.key)
            for key in subjects
            for obj in objects
        ]
    if _says_fine_tuned(ctx=ctx, sentence=sentence, masked=masked):
        pairs = [(s, "FINE_TUNES" if t == "DERIVED_FROM" else t, o) for s, t, o in pairs]
    recorded = [ctx.relate(subject=s, type_=t, obj=o, **said) for s, t, o in pairs if t]
    return kept[-1].end() if any(recorded) or not pairs else None


def _says_fine_tuned(*, ctx: Context, sentence: Sentence, masked: str) -> bool:
    """The sentence also says `fine-tuned` and names only two models (see relations.yaml)."""
    words = fine_tuned_words().get(LANGUAGE_CUES.get(ctx.language, ""))
    models = {f.key for f in sentence.mentions if f.label == "Model"}
    return words is not None and len(models) == 2 and bool(words.search(masked))


def _first_allowed(*, ctx: Context, types, subject: str, obj: str) -> str | None:
    pair = (ctx.labels.get(subject), ctx.labels.get(obj))
    if isinstance(types, dict):
        types = types.get(pair[1], ())
    return next((t for t in types if pair in ONTOLOGY[t]), None)

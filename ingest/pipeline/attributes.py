"""Attributes of models stated in the text: sizes, shapes, vocabulary, training tokens, release date."""

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.lexicon.loader import load_rules
from ingest.pipeline.context import Context
from ingest.pipeline.recognize import Found
from ingest.pipeline.segment import Unit

_DIGIT = re.compile(r"\d")
# Between a release verb and the model it released: an article or a possessive at most.
_RELEASED_OBJECT = re.compile(
    r"\s*(?:(?:the|its|their|das|die|den|sein|ihr)\s+)?(?:first\s+|new\s+|neue[ns]?\s+)?了?\s*"
)
_PRONOUN_START = re.compile(r"[\s\"'“„(]*(?:it|this model|the model|es|er|sie|das modell|它|其|该模型|此模型)(?![a-z])")
_INTEGER_ATTRIBUTES = frozenset({"layers", "d_model", "heads", "context_length", "vocab_size"})


@dataclass(frozen=True)
class AttributeRules:
    patterns: tuple[tuple[str, re.Pattern, re.Pattern | None], ...]  # name, pattern, requires
    scales: dict[str, float]
    released: tuple[re.Pattern, ...]
    any_date: re.Pattern
    months: dict[str, int]


@lru_cache(maxsize=1)
def attribute_rules() -> AttributeRules:
    data = load_rules(name="attributes")
    scales = {str(k).lower(): float(v) for k, v in data["scales"].items()}
    scale = "|".join(re.escape(s) for s in sorted(scales, key=len, reverse=True))
    number = rf"(?P<num>\d+(?:[.,]\d+)?)(?:\s*-?\s*(?P<scale>(?:{scale})(?![a-z])))?"
    patterns = []
    for name, specs in data["attributes"].items():
        for spec in specs:
            requires = re.compile(spec["requires"], re.IGNORECASE) if spec.get("requires") else None
            for pattern in spec["patterns"]:
                compiled = pattern.replace("{n}", number).replace("{i}", number)
                patterns.append((name, re.compile(compiled, re.IGNORECASE), requires))
    months = {str(k).lower(): int(v) for k, v in data["released"]["months"].items()}
    month_names = "|".join(sorted(months, key=len, reverse=True))
    date = (
        r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*(?:(?P<m>\d{1,2})\s*月|底|初)?"
        rf"|(?:\d{{1,2}}\.?\s+)?(?P<mn>{month_names})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?P<y2>(?:19|20)\d{{2}})"
        r"|(?P<y3>(?:19|20)\d{2})-(?P<m3>\d{2})(?!\d)|(?P<y4>(?:19|20)\d{2})(?![\d年]))"
    )
    released = tuple(re.compile(c.replace("{date}", date), re.IGNORECASE) for c in data["released"]["cues"])
    return AttributeRules(tuple(patterns), scales, released, re.compile(date, re.IGNORECASE), months)


def extract_attributes(*, ctx: Context) -> None:
    """Key-value attribute lines first (they are the most explicit), then sentences."""
    units = ctx.segmentation.units
    ordered = [u for u in units if u.kind == "kv" and u.role in ("attributes", "release")]
    ordered += [u for u in units if u.kind == "sentence"]
    for unit in ordered:
        _unit_attributes(ctx=ctx, unit=unit)


def _unit_attributes(*, ctx: Context, unit: Unit) -> None:
    rules = attribute_rules()
    sentence = ctx.lower[unit.start : unit.end]
    if not _DIGIT.search(sentence):
        return  # every attribute and date is a number
    models = [f for f in ctx.mentions_in(start=unit.start, end=unit.end) if f.label == "Model"]
    section_subject = ctx.subjects.get(unit.section) if unit.kind == "kv" else ctx.subject_of(section=unit.section)
    if unit.kind == "kv" and unit.role == "release":
        _release_line(ctx=ctx, unit=unit, subject=section_subject, rules=rules)
        return
    claimed: set[int] = set()  # a number is one attribute: `context length of 4096 tokens` is no token count
    for name, pattern, requires in rules.patterns:
        if requires is not None and not requires.search(sentence):
            continue
        for match in pattern.finditer(sentence):
            if match.start("num") in claimed:
                continue
            claimed.add(match.start("num"))
            value = _value(match=match, rules=rules, integer=name in _INTEGER_ATTRIBUTES)
            owner = _owner(at=unit.start + match.start(), models=models, subject=section_subject, kv=unit.kind == "kv")
            described = _described_model(ctx=ctx, at=unit.start + match.end(), models=models)
            if described is not None:
                owner = None if described is False else described
            if value is not None and owner is not None:
                start, end = unit.start + match.start(), unit.start + match.end()
                ctx.set_attribute(key=owner.key, name=name, value=value, evidence=ctx.evidence(start=start, end=end))
    for cue in rules.released:
        match = cue.search(sentence)
        owner = (
            _release_owner(ctx=ctx, unit=unit, match=match, models=models, subject=section_subject) if match else None
        )
        if match and owner is not None:
            _set_date(ctx=ctx, unit=unit, match=match, key=owner.key, rules=rules)
            break


def _owner(*, at: int, models: list[Found], subject: Found | None, kv: bool) -> Found | None:
    """The model a statement at `at` is about (see attributes.yaml)."""
    if kv:
        return subject if subject is not None and subject.label == "Model" else None
    before = [f for f in models if f.end <= at]
    if before:
        return before[-1]
    if not models and subject is not None and subject.label == "Model":
        return subject
    return None


def _release_owner(
    *, ctx: Context, unit: Unit, match: re.Match, models: list[Found], subject: Found | None
) -> Found | None:
    """A release date belongs to the model named before it (`Llama 2 was released in …`), else
    to the one the release verb takes (`In July 2023, Meta released Llama 2`), else, when the
    sentence names no model or starts with a pronoun, to the section's subject."""
    start, end = unit.start + match.start(), unit.start + match.end()
    before = [f for f in models if f.end <= start]
    if before:
        return before[-1]
    after = next((f for f in models if f.start >= end), None)
    if after is not None and _RELEASED_OBJECT.fullmatch(ctx.text[end : after.start]):
        return after
    if models and not _PRONOUN_START.match(ctx.lower, unit.start):
        return None
    return subject if subject is not None and subject.label == "Model" else None


def _described_model(*, ctx: Context, at: int, models: list[Found]) -> Found | bool | None:
    """`260B 参数的 ERNIE`, `a 7B-parameter Mistral`: a value followed by 的 or a hyphen describes
    the name after it. Returns that model, False when the name after it is not a known model,
    None when the value is not such a modifier."""
    follow = re.match(r"\s*(?:的|-?\s*(?=[A-Z]))\s*", ctx.text[at : at + 6])
    if not follow or not follow.group(0).strip():
        return None
    start = at + follow.end()
    return next((f for f in models if f.start == start), False)


def _value(*, match: re.Match, rules: AttributeRules, integer: bool) -> int | float | None:
    raw = match.group("num")
    if "," in raw:
        head, tail = raw.split(",", 1)
        raw = head + tail if len(tail) == 3 else f"{head}.{tail}"
    number = float(raw)
    scale = (match.group("scale") or "").lower()
    number *= rules.scales.get(scale, 1.0)
    if number <= 0 or (integer and number != int(number)):
        return None
    return int(number) if number == int(number) else number


def _release_line(*, ctx: Context, unit: Unit, subject: Found | None, rules: AttributeRules) -> None:
    if subject is None or subject.label != "Model":
        return
    sentence = ctx.lower[unit.key_end : unit.end]
    for cue in rules.released:
        match = cue.search(sentence)
        if match:
            _set_date(ctx=ctx, unit=unit, match=match, key=subject.key, rules=rules, offset=unit.key_end)
            return
    dates = list(rules.any_date.finditer(sentence))
    if len(dates) == 1:
        _set_date(ctx=ctx, unit=unit, match=dates[0], key=subject.key, rules=rules, offset=unit.key_end)


def _set_date(*, ctx: Context, unit: Unit, match: re.Match, key: str, rules: AttributeRules, offset: int = -1) -> None:
    groups = match.groupdict()
    year = groups.get("y") or groups.get("y2") or groups.get("y3") or groups.get("y4")
    month = groups.get("m") or groups.get("m3")
    if groups.get("mn"):
        month = str(rules.months[groups["mn"].lower()])
    if not year:
        return
    value = f"{year}-{int(month):02d}" if month and 1 <= int(month) <= 12 else year
    base = unit.start if offset < 0 else offset
    evidence = ctx.evidence(start=base + match.start(), end=base + match.end())
    ctx.set_attribute(key=key, name="released", value=value, evidence=evidence)

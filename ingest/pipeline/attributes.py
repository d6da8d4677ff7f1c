"""Attributes of models stated in the text: sizes, shapes, vocabulary, training tokens, release date."""

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.lexicon.loader import load_rules
from ingest.pipeline.attribute_owner import Owner, Owners
from ingest.pipeline.context import Context
from ingest.pipeline.recognize import Found
from ingest.pipeline.segment import Unit

_DIGIT = re.compile(r"\d")
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
    """Key-value attribute lines first (they are the most explicit), then sentences; each value
    goes to the model its line or sentence is about (attribute_owner.py), or to none."""
    owners = Owners(ctx=ctx)
    for unit in ctx.segmentation.units:
        if unit.kind == "kv" and unit.role in ("attributes", "release"):
            _unit_attributes(ctx=ctx, unit=unit, owners=owners, index=-1)
    for index, unit in enumerate(owners.sentences):
        _unit_attributes(ctx=ctx, unit=unit, owners=owners, index=index)


def _unit_attributes(*, ctx: Context, unit: Unit, owners: Owners, index: int) -> None:
    rules = attribute_rules()
    sentence = ctx.lower[unit.start : unit.end]
    if not _DIGIT.search(sentence):
        return  # every attribute and date is a number
    kv = unit.kind == "kv"
    line_owner = owners.of_line(unit=unit, subject=ctx.subjects.get(unit.section)) if kv else None
    if kv and unit.role == "release":
        _release_line(ctx=ctx, unit=unit, owner=line_owner, rules=rules)
        return
    models: list[Found] | None = None
    claimed: set[int] = set()  # a number is one attribute: `context length of 4096 tokens` is no token count
    for name, pattern, requires in rules.patterns:
        if requires is not None and not requires.search(sentence):
            continue
        for match in pattern.finditer(sentence):
            if match.start("num") in claimed:
                continue
            claimed.add(match.start("num"))
            value = _value(match=match, rules=rules, integer=name in _INTEGER_ATTRIBUTES)
            if value is None:
                continue
            start, end = unit.start + match.start(), unit.start + match.end()
            if models is None:
                models = [f for f in ctx.mentions_in(start=unit.start, end=unit.end) if f.label == "Model"]
            owner = line_owner if kv else None
            described = _described_model(ctx=ctx, at=end, models=models)
            if described is False:
                continue
            if described is not None:
                how = line_owner or owners.described(found=described)
                owner = Owner(described, how.extractor, how.confidence)
            elif not kv:
                owner = owners.of_sentence(index=index, start=start, end=end)
            if owner is not None:
                _claim(ctx=ctx, owner=owner, name=name, value=value, start=start, end=end)
    if kv:
        return
    for cue in rules.released:
        match = cue.search(sentence)
        if match is None:
            continue
        start, end = _date_span(match=match)
        if _CLAUSE_BREAK.search(sentence, end, match.end()):
            # `追溯到 2018 年，当时 OpenAI 发布了 GPT-1`: the date opens a clause whose verb releases
            # what follows it, not the model the sentence began with. A sentence naming no model
            # (`2023 年 6 月，微软正式发布。` under a model's heading) is about the section's model.
            named = [f for f in ctx.mentions_in(start=unit.start, end=unit.end) if f.label == "Model"]
            after = [f for f in named if f.start >= unit.start + match.end()]
            if after:
                owner = owners.described(found=after[0])
            else:
                owner = (
                    None if named else owners.of_sentence(index=index, start=unit.start + start, end=unit.start + end)
                )
        else:
            owner = owners.of_sentence(index=index, start=unit.start + start, end=unit.start + end)
        if owner is not None:
            _set_date(ctx=ctx, unit=unit, match=match, owner=owner, rules=rules)
            break


_CLAUSE_BREAK = re.compile(r"[,，、;；]")


def _claim(*, ctx: Context, owner: Owner, name: str, value: int | float | str, start: int, end: int) -> None:
    ctx.set_attribute(
        key=owner.found.key,
        name=name,
        value=value,
        evidence=ctx.evidence(start=start, end=end),
        extractor=owner.extractor,
        confidence=owner.confidence,
    )


def _date_span(*, match: re.Match) -> tuple[int, int]:
    """Where the date itself stands in a release cue's match (the cue may hold a name too:
    `released Llama 2 in July 2023`)."""
    spans = [match.span(g) for g in ("y", "m", "mn", "y2", "y3", "m3", "y4") if match.group(g)]
    return min(s for s, _ in spans), max(e for _, e in spans)


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


def _release_line(*, ctx: Context, unit: Unit, owner: Owner | None, rules: AttributeRules) -> None:
    if owner is None:
        return
    sentence = ctx.lower[unit.key_end : unit.end]
    for cue in rules.released:
        match = cue.search(sentence)
        if match:
            _set_date(ctx=ctx, unit=unit, match=match, owner=owner, rules=rules, offset=unit.key_end)
            return
    dates = list(rules.any_date.finditer(sentence))
    if len(dates) == 1:
        _set_date(ctx=ctx, unit=unit, match=dates[0], owner=owner, rules=rules, offset=unit.key_end)


def _set_date(
    *, ctx: Context, unit: Unit, match: re.Match, owner: Owner, rules: AttributeRules, offset: int = -1
) -> None:
    groups = match.groupdict()
    year = groups.get("y") or groups.get("y2") or groups.get("y3") or groups.get("y4")
    month = groups.get("m") or groups.get("m3")
    if groups.get("mn"):
        month = str(rules.months[groups["mn"].lower()])
    if not year:
        return
    value = f"{year}-{int(month):02d}" if month and 1 <= int(month) <= 12 else year
    base = unit.start if offset < 0 else offset
    _claim(ctx=ctx, owner=owner, name="released", value=value, start=base + match.start(), end=base + match.end())

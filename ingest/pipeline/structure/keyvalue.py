"""Key-value lines whose key names a relation (`Base model: X`, `开发者：O`, `学習データ: D`),
their values listed on the following lines, and headings that are such a key (`## Training data`)."""

import re

from ingest.pipeline.context import Context
from ingest.pipeline.recognize import Found
from ingest.pipeline.segment import Unit, key_form, keyvalue_rules
from ingest.pipeline.structure.layout import Layout
from ingest.pipeline.structure.owners import line_subject, name_item
from ingest.pipeline.structure.rules import quantized_name, role_kind, structure_rules

_CONFIDENCE = 0.85
_LISTED = 0.8  # a value listed on its own line under the key
_EVIDENCE_SPAN = 300
_CLAUSE_END = re.compile(r"[。；;！？]|[.!?](?=\s)")


def relation_lines(*, ctx: Context, layout: Layout) -> None:
    roles = structure_rules().role_relations
    relation_roles = keyvalue_rules().colon_roles
    for unit in ctx.segmentation.units:
        if unit.kind == "kv" and unit.role in relation_roles:
            _keyvalue(ctx=ctx, layout=layout, unit=unit, types=roles[unit.role], kind=role_kind(role=unit.role))
    for section in ctx.segmentation.sections:
        role = heading_role(ctx=ctx, section=section)
        if role in relation_roles:
            _heading_list(ctx=ctx, layout=layout, section=section, types=roles[role], kind=role_kind(role=role))


def heading_role(*, ctx: Context, section) -> str | None:
    """The key role a section's heading is (`## Training data` is `data`), if it is one."""
    if section.heading is None:
        return None
    title = ctx.text[section.title_start : section.title_end].strip("*_ :：")
    return keyvalue_rules().roles.get(key_form(text=title, in_view=True))


def heading_key(*, ctx: Context, section) -> str:
    """A key heading's words as an extractor names them (`heading:training data`)."""
    return ctx.text[section.title_start : section.title_end].strip(" \t:：*_").lower()


def heading_subject(*, ctx: Context, layout: Layout, section) -> Found | None:
    """What a key heading's values are about: its parent section's subject, or the model card's."""
    parent = section.parent if section.parent is not None else 0
    line = layout.line_at(offset=section.heading.start)
    return line_subject(ctx=ctx, layout=layout, offset=line.start, section=parent)


def _keyvalue(*, ctx: Context, layout: Layout, unit: Unit, types: dict[str, str], kind: str) -> None:
    if layout.line_at(offset=unit.start).marker == "code":
        return  # `base_model: …` in a fenced config shows how to train, not what this model is
    subject = line_subject(ctx=ctx, layout=layout, offset=unit.start, section=unit.section)
    if subject is None:
        return
    key = ctx.text[unit.start : unit.key_end].strip(" \t:：*_•·-+").lower()
    if ctx.text[unit.key_end : unit.end].strip(" \t*_"):
        objects = value_objects(ctx=ctx, start=unit.key_end, end=unit.end, types=types)
        link_all(
            ctx=ctx,
            subject=subject,
            objects=objects,
            types=types,
            evidence=ctx.unit_evidence(unit=unit),
            extractor=f"kv:{key}",
            confidence=_CONFIDENCE,
            kind=kind,
        )
        return
    line = layout.line_at(offset=unit.start)
    _link_listed(
        ctx=ctx,
        layout=layout,
        subject=subject,
        key_line=line.index,
        key_start=unit.start,
        types=types,
        extractor=f"kv:{key}",
        kind=kind,
    )


def _heading_list(*, ctx: Context, layout: Layout, section, types: dict[str, str], kind: str) -> None:
    """`## Training data` then `- The Pile`: the heading is the key, its list the values, and the
    subject is what the heading's parent section (or the model card) is about."""
    line = layout.line_at(offset=section.heading.start)
    subject = heading_subject(ctx=ctx, layout=layout, section=section)
    if subject is None:
        return
    key = heading_key(ctx=ctx, section=section)
    _link_listed(
        ctx=ctx,
        layout=layout,
        subject=subject,
        key_line=line.index,
        key_start=section.title_start,
        types=types,
        extractor=f"heading:{key}",
        kind=kind,
    )


def _link_listed(
    *,
    ctx: Context,
    layout: Layout,
    subject: Found,
    key_line: int,
    key_start: int,
    types: dict[str, str],
    extractor: str,
    kind: str,
) -> None:
    """Relate the subject to each name the list after a key (a line or a heading) opens with."""
    for item in listed_values(ctx=ctx, layout=layout, after=key_line, types=types):
        link_all(
            ctx=ctx,
            subject=subject,
            objects=[item],
            types=types,
            evidence=_listed_evidence(ctx=ctx, key_start=key_start, item=item),
            extractor=extractor,
            confidence=_LISTED,
            kind=kind,
        )


def listed_values(*, ctx: Context, layout: Layout, after: int, types: dict[str, str]) -> list[Found]:
    """The names that open the list items right after line `after` (blank lines allowed): its
    nested items when the key is itself an item, else the list that follows. An item that says
    more than a name gives nothing."""
    found: list[Found] = []
    labels = frozenset(types)
    key = layout.lines[after]
    for index in range(after + 1, len(layout.lines)):
        line = layout.lines[index]
        if line.start == line.end or not ctx.text[line.start : line.end].strip():
            continue
        if line.marker != "bullet" or (key.marker == "bullet" and line.column <= key.column):
            break
        item = name_item(ctx=ctx, start=line.content, end=line.end, labels=labels)
        if item is not None and not _negated(ctx=ctx, start=line.content, end=line.end):
            found.append(item)
    return found


def _listed_evidence(*, ctx: Context, key_start: int, item: Found):
    """The key and the listed value, or the value's line alone when the list between is long."""
    if item.end - key_start <= _EVIDENCE_SPAN:
        return ctx.evidence(start=key_start, end=item.end)
    line_start = ctx.text.rfind("\n", 0, item.start) + 1
    line_end = ctx.text.find("\n", item.end)
    return ctx.evidence(start=line_start, end=len(ctx.text) if line_end < 0 else line_end)


def value_objects(*, ctx: Context, start: int, end: int, types: dict[str, str]) -> list[Found]:
    """The names in a value's first clause whose label the role relates, unless that clause says
    there is none: what a longer value goes on to tell (`Decoder; trained with X …`) is prose."""
    clause = _CLAUSE_END.search(ctx.text, start, end)
    end = clause.start() if clause else end
    if _negated(ctx=ctx, start=start, end=end):
        return []
    return [f for f in ctx.mentions_in(start=start, end=end) if f.label in types]


def _negated(*, ctx: Context, start: int, end: int) -> bool:
    return bool(structure_rules().negation.search(ctx.lower, start, end))


def link_all(
    *,
    ctx: Context,
    subject: Found,
    objects: list[Found],
    types: dict[str, str],
    evidence,
    extractor: str,
    confidence: float,
    kind: str = "",
) -> None:
    """Relate the subject to each object the role relates; a lineage edge carries the role's kind
    (`Model architecture: X` is the same architecture, never a weight descendant)."""
    for found in objects:
        type_ = types.get(found.label)
        if type_ == "FINE_TUNES" and quantized_name(name=ctx.text[subject.start : subject.end]):
            type_ = "DERIVED_FROM"  # the base model of a GPTQ or GGUF build was quantized, not tuned
        if type_ is not None:
            ctx.relate(
                subject=subject.key,
                type_=type_,
                obj=found.key,
                confidence=confidence,
                evidence=evidence,
                extractor=extractor,
                kind=kind if type_ in ("DERIVED_FROM", "FINE_TUNES", "DISTILLED_FROM") else "",
            )

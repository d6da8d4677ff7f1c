"""Relate stage, structural part: section subjects, key-value lines and headings."""

import re

from ingest.pipeline.context import Context
from ingest.pipeline.names import slugify
from ingest.pipeline.recognize import Found
from ingest.pipeline.segment import Unit

_SUBJECT_LABELS = frozenset({"Model", "Technique", "Dataset", "Organization"})
_LEAD = " \t《\"“„'‘[(（*#•·"
_HEADING_YEAR = re.compile(r"/\s*((?:19|20)\d{2})\b")


def assign_subjects(*, ctx: Context) -> None:
    """A section's subject is the entity its heading starts with, unless the heading names
    several things of that kind (`BPE vs SentencePiece`): then it has none."""
    for section in ctx.segmentation.sections:
        if section.heading is None:
            continue
        named = [
            f for f in ctx.mentions_in(start=section.title_start, end=section.title_end) if f.label in _SUBJECT_LABELS
        ]
        if not named or ctx.text[section.title_start : named[0].start].strip(_LEAD):
            continue
        same_kind = {f.key for f in named if (f.label == "Organization") == (named[0].label == "Organization")}
        if len(same_kind) == 1:
            ctx.subjects[section.index] = named[0]


def structural_relations(*, ctx: Context) -> None:
    for unit in ctx.segmentation.units:
        if unit.kind == "kv":
            _keyvalue_relations(ctx=ctx, unit=unit)
        elif unit.kind == "heading":
            _heading_relations(ctx=ctx, unit=unit)


def _kv_name(*, ctx: Context, unit: Unit) -> str:
    return ctx.text[unit.start : unit.key_end].strip(" \t:：*•·-").lower()


def _keyvalue_relations(*, ctx: Context, unit: Unit) -> None:
    value = ctx.mentions_in(start=unit.key_end, end=unit.end)
    evidence = ctx.unit_evidence(unit=unit)
    extractor = f"kv:{_kv_name(ctx=ctx, unit=unit)}"
    subject = ctx.subject_of(section=unit.section)
    if unit.named:
        named = [f for f in ctx.mentions_in(start=unit.start, end=unit.key_end) if f.label != "Paper"]
        subject = named[-1] if named else None
        if subject is not None and subject.label == "Organization":
            # `训练1.1T 参数 MoE 的 Meta 论文`: the name before the paper word is its author.
            for paper in (f for f in value if f.label == "Paper"):
                ctx.relate(
                    subject=paper.key,
                    type_="PUBLISHED_BY",
                    obj=subject.key,
                    confidence=0.8,
                    evidence=evidence,
                    extractor=extractor,
                )
            return
    if unit.role == "paper" and subject is not None:
        for paper in (f for f in value if f.label == "Paper"):
            ctx.relate(
                subject=subject.key,
                type_="INTRODUCED_IN",
                obj=paper.key,
                confidence=0.9,
                evidence=evidence,
                extractor=extractor,
            )
    elif unit.role == "release" and subject is not None:
        for org in (f for f in value if f.label == "Organization"):
            ctx.relate(
                subject=subject.key,
                type_="DEVELOPED_BY",
                obj=org.key,
                confidence=0.85,
                evidence=evidence,
                extractor=extractor,
            )
    elif unit.role == "author":
        orgs = [f for f in value if f.label == "Organization"]
        for paper in ctx.paper_of(section=unit.section):
            for org in orgs:
                ctx.relate(
                    subject=paper,
                    type_="PUBLISHED_BY",
                    obj=org.key,
                    confidence=0.85,
                    evidence=evidence,
                    extractor=extractor,
                )
        if subject is not None:
            for org in orgs:
                ctx.relate(
                    subject=subject.key,
                    type_="DEVELOPED_BY",
                    obj=org.key,
                    confidence=0.6,
                    evidence=evidence,
                    extractor=f"{extractor}:implied",
                )


def _heading_relations(*, ctx: Context, unit: Unit) -> None:
    """`BERT Google / 2018`: organizations after the subject in its heading built it."""
    section = ctx.segmentation.sections[unit.section]
    subject = ctx.subjects.get(unit.section)
    if subject is None or section.heading is None or section.heading.start > unit.start:
        return
    evidence = ctx.unit_evidence(unit=unit)
    if subject.label != "Organization":
        for org in ctx.mentions_in(start=subject.end, end=unit.end):
            if org.label == "Organization":
                ctx.relate(
                    subject=subject.key,
                    type_="DEVELOPED_BY",
                    obj=org.key,
                    confidence=0.75,
                    evidence=evidence,
                    extractor="section-heading",
                )
        year = _HEADING_YEAR.search(ctx.text, subject.end, unit.end)
        if year and unit.start == section.heading.start:
            ctx.set_attribute(
                key=subject.key,
                name="released",
                value=year.group(1),
                evidence=ctx.evidence(start=year.start(1), end=year.end(1)),
            )
    parent = section.parent
    owner = ctx.subject_of(section=parent) if parent is not None else None
    if owner is not None and owner.label == "Organization" and subject.label != "Organization":
        ctx.relate(
            subject=subject.key,
            type_="DEVELOPED_BY",
            obj=owner.key,
            confidence=0.6,
            evidence=evidence,
            extractor="section-parent",
        )


def section_papers(*, ctx: Context) -> list[Found]:
    """Papers named by each section's paper lines; an entry heading's lines are its title.
    Returns the extra Paper mentions (titles, non-arXiv links) to add before indexing."""
    extra: list[Found] = []
    for unit in ctx.segmentation.units:
        if unit.kind != "kv" or unit.role != "paper" or unit.named:
            continue
        papers = [f for f in ctx.mentions_in(start=unit.key_end, end=unit.end) if f.label == "Paper"]
        section = ctx.segmentation.sections[unit.section]
        titles = _title_lines(ctx=ctx, section=section) if section.heading is not None else []
        if not papers:
            papers = _linked_paper(ctx=ctx, unit=unit, titles=titles)
            extra.extend(papers)
        for paper in papers:
            ctx.papers.setdefault(unit.section, []).append(paper.key)
            for start, end in titles:
                title = ctx.text[start:end]
                extra.append(Found(start, end, paper.key, "Paper", paper.name, "title", 0.8, {"title": title}))
    return extra


def _title_lines(*, ctx: Context, section) -> list[tuple[int, int]]:
    """The heading lines of a listing entry name its paper; numbered headings do not."""
    if section.style != "entry":
        return []
    return [
        (max(unit.start, section.title_start), unit.end)
        for unit in ctx.segmentation.units
        if unit.kind == "heading" and section.title_start <= unit.end and unit.start < section.title_end
    ]


def _linked_paper(*, ctx: Context, unit: Unit, titles: list[tuple[int, int]]) -> list[Found]:
    url = re.search(r"https?://\S+", ctx.text[unit.key_end : unit.end])
    if url is None:
        return []
    start = unit.key_end + url.start()
    link = url.group(0).rstrip(".,;)）")
    if titles:
        name = ctx.text[titles[-1][0] : titles[-1][1]].strip()
        attributes = {"url": link, "title": name}
        key = slugify(name=name)
    else:
        # No title to go by: the link itself names the paper (host and path, no file suffix).
        name, attributes = link, {"url": link}
        key = slugify(name=re.sub(r"^https?://(www\.)?|(/index)?\.(pdf|html?)$", "", link))
    return [Found(start, start + len(link), key, "Paper", name, "title", 0.7, attributes)]

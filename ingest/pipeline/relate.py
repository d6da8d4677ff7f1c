"""Relate stage, structural part: section subjects, key-value lines and headings here; relation
keys, tables, arrow chains, trees and item labels in the structure package."""

import re

from ingest.lexicon.loader import load_lexicon
from ingest.pipeline.context import Context
from ingest.pipeline.lexmatch import match_key
from ingest.pipeline.names import slugify
from ingest.pipeline.papers import known_paper, paper_at_url
from ingest.pipeline.recognize import Found
from ingest.pipeline.segment import Unit, author_rules
from ingest.pipeline.structure import document_structure_relations
from ingest.pipeline.structure.layout import Layout, build_layout
from ingest.pipeline.structure.owners import line_subject

_SUBJECT_LABELS = frozenset({"Model", "Technique", "Dataset", "Organization"})
_LEAD = " \t《\"“„'‘[(（*#•·"
_HEADING_YEAR = re.compile(r"/\s*((?:19|20)\d{2})\b")
_NAME_COLON = re.compile(r"\s*[:：]")
_ONE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]{2,}")
HEADING_CONFIDENCE = 0.75  # `BERT Google / 2018`: the heading states it
# An organization's heading above a model's section only suggests who made the model: below any
# statement of a developer (a cue, a key-value line, the model's own heading).
SECTION_PARENT_CONFIDENCE = 0.45


def assign_subjects(*, ctx: Context) -> None:
    """A section's subject is the entity its heading starts with, unless the heading names
    several things of that kind (`BPE vs SentencePiece`): then it has none."""
    for section in ctx.segmentation.sections:
        if section.heading is None:
            continue
        named = [
            f for f in ctx.mentions_in(start=section.title_start, end=section.title_end) if f.label in _SUBJECT_LABELS
        ]
        if not named:
            _abbreviated_subject(ctx=ctx, section=section)
            continue
        colon = _colon_name(ctx=ctx, section=section, named=named)
        if colon is not None:
            ctx.subjects[section.index] = colon  # `T5: Exploring the limits of …` is about T5
            continue
        if ctx.text[section.title_start : named[0].start].strip(_LEAD):
            # A Chinese heading names its head noun last, after 的: 采用 PPO 算法的 RLHF.
            last = named[-1]
            if ctx.text[last.end : section.title_end].strip() or not ctx.text[: last.start].rstrip().endswith("的"):
                continue
            named = [last]
        same_kind = {f.key for f in named if (f.label == "Organization") == (named[0].label == "Organization")}
        if len(same_kind) == 1:
            ctx.subjects[section.index] = named[0]


def _abbreviated_subject(*, ctx: Context, section) -> None:
    """A heading that is one word (`16.Switch`, `2.Constitutional`) may shorten a name the
    section's first sentences spell out (SwitchTransformer, CAI = Constitutional AI): the
    known entity whose name or alias starts with that word is the subject."""
    title = ctx.text[section.title_start : section.title_end].strip()
    if not _ONE_WORD.fullmatch(title):
        return
    units = [u for u in ctx.segmentation.units if u.section == section.index and u.kind == "sentence"][:3]
    entries = load_lexicon().entries
    prefix = match_key(text=title)
    for unit in units:
        for found in ctx.mentions_in(start=unit.start, end=unit.end):
            entry = entries.get(found.key)
            names = entry.aliases if entry is not None else (found.name,)
            if found.label in _SUBJECT_LABELS and any(_extends(name=n, prefix=prefix) for n in names):
                ctx.subjects[section.index] = found
                return


def _extends(*, name: str, prefix: str) -> bool:
    form = match_key(text=name)
    return form.startswith(prefix) and len(form) > len(prefix) and name[: len(prefix)].lower() == prefix


def _colon_name(*, ctx: Context, section, named: list[Found]) -> Found | None:
    """The name a heading line starts with when a colon follows it; an entry's title may span
    lines (a translated title, then the original `Llama Guard: …`)."""
    for found in named:
        line_start = max(section.title_start, ctx.text.rfind("\n", 0, found.start) + 1)
        if _NAME_COLON.match(ctx.text, found.end) and not ctx.text[line_start : found.start].strip(_LEAD):
            return found
    return None


def structural_relations(*, ctx: Context) -> None:
    """Headings and paper, release and author lines here; relation keys, tables, arrow chains
    and family trees in the structure package. None of it needs a language lexicon."""
    layout = build_layout(ctx=ctx)
    for unit in ctx.segmentation.units:
        if unit.kind == "kv":
            _keyvalue_relations(ctx=ctx, unit=unit, layout=layout)
        elif unit.kind == "heading":
            _heading_relations(ctx=ctx, unit=unit)
    document_structure_relations(ctx=ctx, layout=layout)


def _kv_name(*, ctx: Context, unit: Unit) -> str:
    return ctx.text[unit.start : unit.key_end].strip(" \t:：*•·-").lower()


def _link(
    *, ctx: Context, subjects: list[str], type_: str, objects: list[str], confidence: float, evidence, extractor: str
) -> None:
    for subject in subjects:
        for obj in objects:
            ctx.relate(
                subject=subject, type_=type_, obj=obj, confidence=confidence, evidence=evidence, extractor=extractor
            )


def _keyvalue_relations(*, ctx: Context, unit: Unit, layout: Layout) -> None:
    value = ctx.mentions_in(start=unit.key_end, end=unit.end)
    papers = [f.key for f in value if f.label == "Paper"]
    orgs = [f.key for f in value if f.label == "Organization"]
    said = {"ctx": ctx, "evidence": ctx.unit_evidence(unit=unit), "extractor": f"kv:{_kv_name(ctx=ctx, unit=unit)}"}
    # Key-value lines describe the item they hang under or their own section's subject, never
    # a named parent section's (only through headings that name nothing, a model card's title).
    found = line_subject(ctx=ctx, layout=layout, offset=unit.start, section=unit.section)
    subject = [found.key] if found is not None else []
    if unit.named:
        _named_paper_line(unit=unit, papers=papers, said=said)
    elif unit.role == "paper":
        _link(subjects=subject, type_="INTRODUCED_IN", objects=papers, confidence=0.9, **said)
    elif unit.role == "release":
        _link(subjects=subject, type_="DEVELOPED_BY", objects=orgs, confidence=0.85, **said)
        # The paper that introduced what an organization released is, by implication, its paper.
        _link(
            subjects=ctx.paper_of(section=unit.section),
            type_="PUBLISHED_BY",
            objects=orgs,
            confidence=0.6,
            **{**said, "extractor": said["extractor"] + ":implied"},
        )
    elif unit.role == "author":
        authors = [
            f.key for f in _affiliations(ctx=ctx, unit=unit, orgs=[f for f in value if f.label == "Organization"])
        ]
        _link(
            subjects=ctx.paper_of(section=unit.section), type_="PUBLISHED_BY", objects=authors, confidence=0.85, **said
        )
        _link(
            subjects=subject,
            type_="DEVELOPED_BY",
            objects=authors,
            confidence=0.6,
            **{**said, "extractor": said["extractor"] + ":implied"},
        )


def _named_paper_line(*, unit: Unit, papers: list[str], said: dict) -> None:
    """`Turing NLG 论文: <link>`, `Deepmind 的 Sparrow 论文: <link>`: the key names what the paper
    introduced (its last name) and who wrote it (organizations)."""
    ctx: Context = said["ctx"]
    named = [f for f in ctx.mentions_in(start=unit.start, end=unit.key_end) if f.label != "Paper"]
    orgs = [f.key for f in named if f.label == "Organization"]
    # Only the last name before the paper word is what the paper is about; a name followed by
    # an organization (`MoE 的 Meta 论文`) only describes the paper.
    things = [named[-1].key] if named and named[-1].label != "Organization" else []
    _link(subjects=things, type_="INTRODUCED_IN", objects=papers, confidence=0.9, **said)
    _link(subjects=papers, type_="PUBLISHED_BY", objects=orgs, confidence=0.8, **said)
    _link(subjects=things, type_="DEVELOPED_BY", objects=orgs, confidence=0.7, **said)


def _affiliations(*, ctx: Context, unit: Unit, orgs: list[Found]) -> list[Found]:
    """Organizations of an author line that are the authors' own: not the ones in parentheses
    or a person's history (`Anthropic-Gründer`, `founder of X`), see keyvalue.yaml."""
    rules = author_rules()
    kept = []
    for org in orgs:
        before = ctx.lower[unit.key_end : org.start]
        after = ctx.lower[org.end : unit.end]
        if before.count("(") + before.count("（") > before.count(")") + before.count("）"):
            continue
        if rules.before.search(before) or rules.after.match(after):
            continue
        kept.append(org)
    return kept


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
                    confidence=HEADING_CONFIDENCE,
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
                extractor="section-heading:attribute",
                confidence=HEADING_CONFIDENCE,
            )
    parent = section.parent
    owner = ctx.subject_of(section=parent) if parent is not None else None
    if owner is not None and owner.label == "Organization" and subject.label != "Organization":
        ctx.relate(
            subject=subject.key,
            type_="DEVELOPED_BY",
            obj=owner.key,
            confidence=SECTION_PARENT_CONFIDENCE,
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
    known = paper_at_url(url=link) or next(
        (e for s, t in titles if (e := known_paper(title=ctx.text[s:t].strip())) is not None), None
    )
    if titles:
        name = ctx.text[titles[-1][0] : titles[-1][1]].strip()
        attributes = {"url": link, "title": name}
        key = known.key if known is not None else slugify(name=name)
    elif known is not None:
        name, attributes, key = known.name, {**known.attributes, "url": link}, known.key
    else:
        # No title to go by: the link itself names the paper (host and path, no file suffix).
        name, attributes = link, {"url": link}
        key = slugify(name=re.sub(r"^https?://(www\.)?|(/index)?\.(pdf|html?)$", "", link))
    return [Found(start, start + len(link), key, "Paper", name, "title", 0.7, attributes)]

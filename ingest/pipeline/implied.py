"""Relations implied by other statements: authors of a paper built what it introduced, and a
chat/instruct variant named after a model fine-tunes it. Lower confidence than stated facts."""

import re

from ingest.lexicon.loader import load_lexicon, load_rules
from ingest.pipeline.context import Context, Draft
from ingest.pipeline.lexmatch import match_key
from ingest.pipeline.recognize import Found, open_vocabulary
from ingest.pipeline.subjects import LEADING

_IMPLIED = 0.55
_AUTHORS_MIN = 0.8  # only stated authors (author lines, cues), not themselves implied ones


def implied_relations(*, ctx: Context) -> None:
    _developers_from_papers(ctx=ctx)
    _fine_tuned_variants(ctx=ctx)
    cooccurring_techniques(ctx=ctx)


def _developers_from_papers(*, ctx: Context) -> None:
    """X INTRODUCED_IN P and P PUBLISHED_BY O ⇒ X DEVELOPED_BY O, with the author statement as evidence."""
    publishers: dict[str, list[Draft]] = {}
    for draft in ctx.drafts:
        if draft.type == "PUBLISHED_BY" and draft.confidence >= _AUTHORS_MIN:
            publishers.setdefault(draft.subject, []).append(draft)
    for draft in [d for d in ctx.drafts if d.type == "INTRODUCED_IN"]:
        for published in publishers.get(draft.object, []):
            ctx.relate(
                subject=draft.subject,
                type_="DEVELOPED_BY",
                obj=published.object,
                confidence=_IMPLIED,
                evidence=published.evidence,
                extractor="implied:paper-authors",
            )


def _fine_tuned_variants(*, ctx: Context) -> None:
    """`Llama 2-Chat`, `Qwen-7B-Instruct`: a model named after another one plus a fine-tuning
    word (open_vocabulary.yaml) fine-tunes it, when both are in the document."""
    for key, (parent, found) in variant_bases(ctx=ctx).items():
        ctx.relate(
            subject=key,
            type_="FINE_TUNES",
            obj=parent,
            confidence=_IMPLIED,
            evidence=ctx.evidence(start=found.start, end=found.end),
            extractor="implied:variant-name",
        )


def variant_bases(*, ctx: Context) -> dict[str, tuple[str, Found]]:
    """Model key → (the key of the model it is a chat/instruct variant of, its first mention)."""
    words = "|".join(re.escape(w) for w in sorted(open_vocabulary().fine_tune_words, key=len, reverse=True))
    suffix = re.compile(rf"[\s\-_]*(?:{words})$", re.IGNORECASE)
    models: dict[str, str] = {}
    first_mention: dict[str, Found] = {}
    for found in ctx.mentions:
        if found.label == "Model":
            first_mention.setdefault(found.key, found)
            for form in (found.name, ctx.text[found.start : found.end]):
                models.setdefault(match_key(text=form), found.key)
    bases = {}
    for key, found in first_mention.items():
        for form in (found.name, ctx.text[found.start : found.end]):
            base = suffix.sub("", form)
            parent = models.get(match_key(text=base)) if base != form else None
            if parent and parent != key:
                bases[key] = (parent, found)
                break
    return bases


def cooccurring_techniques(*, ctx: Context) -> None:
    """A technique named in a sentence of a model's own section, with no other model named in
    that sentence, is probably one the model uses: recorded with low confidence."""
    rules = load_rules(name="relations")
    blockers = rules["cooccurrence_blockers"]
    language = {"zh-Hans": "zh", "zh-Hant": "zh"}.get(ctx.language, ctx.language)
    patterns = [blockers.get(language), rules["hedges"].get(language)]
    blocker = re.compile("|".join(f"(?:{p})" for p in patterns if p)) if any(patterns) else None
    skipped = frozenset(rules["cooccurrence_skip_categories"])
    paper_after = re.compile(rules["cooccurrence_paper_after"])
    entries = load_lexicon().entries
    for unit in ctx.segmentation.units:
        if unit.kind != "sentence" or (blocker and blocker.search(ctx.lower, unit.start, unit.end)):
            continue
        subject = ctx.subjects.get(unit.section)
        if subject is None or subject.label != "Model":
            continue
        named = ctx.mentions_in(start=unit.start, end=unit.end)
        if any(f.label == "Model" and f.key != subject.key for f in named):
            continue
        if named and named[0].label == "Technique" and LEADING.match(ctx.lower[unit.start : named[0].start]):
            continue  # `SwiGLU 在 GLU 之前进行 swish 运算` is about SwiGLU, not the section's model
        for found in named:
            entry = entries.get(found.key)
            if entry is not None and entry.attributes.get("category") in skipped:
                continue
            if found.label == "Technique" and not paper_after.match(ctx.lower, found.end):
                ctx.relate(
                    subject=subject.key,
                    type_="USES",
                    obj=found.key,
                    confidence=0.4,
                    evidence=ctx.unit_evidence(unit=unit),
                    extractor="section-cooccurrence",
                )

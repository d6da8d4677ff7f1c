"""Resolve stage: one entity per key with its aliases and mentions, merged relations, merge proposals."""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from types import MappingProxyType

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ingest.lexicon.loader import load_lexicon
from ingest.pipeline.context import Context, Draft
from ingest.pipeline.lexmatch import match_key
from ingest.pipeline.names import name_key
from ingest.pipeline.papers import paper_name
from ingest.pipeline.recognize import Found
from ingest.pipeline.types import AttributeSource, EntityOut, Evidence, Mention, MergeProposal, RelationOut
from kg.rules import names_nest
from kg.vocabulary import LineageKind

_SOURCE_RANK = {"lexicon": 0, "arxiv": 1, "title": 2, "open-vocabulary": 3}
_MERGE_THRESHOLD = 88.0


def unify_open_vocabulary(*, mentions: list[Found]) -> list[Found]:
    """Open-vocabulary spellings of one name (GPT5, GPT-5, gpt 5) share the key of the most
    frequent spelling."""
    groups: dict[str, Counter] = defaultdict(Counter)
    for found in mentions:
        if found.source == "open-vocabulary":
            groups[match_key(text=found.name)][found.name] += 1
    canonical = {form: counter.most_common(1)[0][0] for form, counter in groups.items()}
    unified = []
    for found in mentions:
        if found.source == "open-vocabulary":
            name = canonical[match_key(text=found.name)]
            found = Found(
                found.start,
                found.end,
                name_key(name=name),
                found.label,
                name,
                found.source,
                found.confidence,
                found.attributes,
            )
        unified.append(found)
    return unified


def build_entities(*, ctx: Context) -> tuple[EntityOut, ...]:
    by_key: dict[str, list[Found]] = defaultdict(list)
    for found in ctx.mentions:
        by_key[found.key].append(found)
    entities = [_entity(ctx=ctx, key=key, founds=founds) for key, founds in by_key.items()]
    return tuple(sorted(entities, key=lambda e: (e.label, e.key)))


def _entity(*, ctx: Context, key: str, founds: list[Found]) -> EntityOut:
    best = min(founds, key=lambda f: (_SOURCE_RANK.get(f.source, 9), -f.confidence))
    mentions: dict[tuple[int, int], Mention] = {}
    attributes: dict = {}
    for found in founds:
        start, end = ctx.view.span(start=found.start, end=found.end)
        mentions[(start, end)] = Mention(start=start, end=end, text=ctx.original[start:end])
        for name, value in found.attributes.items():
            attributes.setdefault(name, value)
    name = best.name
    titles: list[str] = []
    if best.label == "Paper":
        # One node per paper whatever the language: every title is an alias, the English one names it.
        titles = [f.attributes["title"] for f in sorted(founds, key=lambda f: f.start) if f.attributes.get("title")]
        titles = [" ".join(t.split()) for t in titles if not t.startswith(("http://", "https://"))]
        name = paper_name(key=key, titles=titles, fallback=best.name, language=ctx.language)
        if not name.startswith("arXiv:"):
            attributes["title"] = name
    surfaces = [" ".join(m.text.split()) for m in sorted(mentions.values(), key=lambda m: m.start)]
    aliases = tuple(dict.fromkeys([name, *titles, *surfaces]))
    entry = load_lexicon().entries.get(key)
    stated = ctx.attributes.get(key, {})
    for attribute, statement in stated.items():
        attributes[attribute] = statement.value
    return EntityOut(
        key=key,
        label=best.label,
        name=name,
        aliases=aliases,
        attributes=MappingProxyType(attributes),
        mentions=tuple(sorted(mentions.values(), key=lambda m: (m.start, m.end))),
        attribute_evidence=MappingProxyType({a: s.evidence for a, s in stated.items()}),
        confidence=max(f.confidence for f in founds),
        source=best.source,
        attribute_sources=MappingProxyType(
            {a: AttributeSource(extractor=s.extractor, confidence=s.confidence) for a, s in stated.items()}
        ),
        known_aliases=entry.declared if entry is not None and entry.label == best.label else (),
    )


def _kind_fits(*, kind: str, type_: str) -> bool:
    """A fine-tune starts from its parent's weights, so it is no successor or re-implementation (a
    sentence calling it an improved version says how it relates, not how it was made); only a
    distillation is distilled."""
    if type_ == "DISTILLED_FROM":
        return kind == LineageKind.DISTILLATION
    if type_ == "FINE_TUNES":
        return LineageKind(kind).inherits_weights and kind != LineageKind.DISTILLATION
    return True


@dataclass(frozen=True)
class EvidenceKept:
    """A fact's evidence as the document gives it: each distinct sentence once, at most `cap` of them."""

    evidence: tuple[Evidence, ...]
    repeated: int  # statements dropped because the same sentence already stated the fact
    over_cap: int  # distinct sentences dropped beyond the cap


def kept_evidence(*, statements: list[Evidence], cap: int | None) -> EvidenceKept:
    """One claim per distinct sentence (a sentence repeated a thousand times says the fact once), in
    document order; the first `cap` of them when a cap is set."""
    distinct: dict[str, Evidence] = {}
    for evidence in sorted(statements, key=lambda e: (e.start, e.end)):
        distinct.setdefault(" ".join(evidence.quote.split()), evidence)
    kept = tuple(distinct.values())
    limit = len(kept) if cap is None else max(cap, 1)
    return EvidenceKept(evidence=kept[:limit], repeated=len(statements) - len(kept), over_cap=max(len(kept) - limit, 0))


@dataclass(frozen=True)
class Relations:
    relations: tuple[RelationOut, ...]
    repeated: int  # statements counted once (kept_evidence), over every fact
    over_cap: int


def build_relations(*, drafts: list[Draft], max_claims: int | None = None) -> Relations:
    """Statements of the same fact merge: its distinct sentences kept as evidence (at most
    `max_claims`), the strongest cue's confidence."""
    grouped: dict[tuple[str, str, str], list[Draft]] = defaultdict(list)
    for draft in drafts:
        grouped[(draft.subject, draft.type, draft.object)].append(draft)
    relations, repeated, over_cap = [], 0, 0
    for (subject, type_, obj), statements in grouped.items():
        strongest = max(statements, key=lambda d: d.confidence)
        kept = kept_evidence(statements=[d.evidence for d in statements], cap=max_claims)
        repeated, over_cap = repeated + kept.repeated, over_cap + kept.over_cap
        kinds = Counter(d.kind for d in statements if d.kind and _kind_fits(kind=d.kind, type_=type_))
        kind = max(kinds, key=lambda k: (kinds[k], max(d.confidence for d in statements if d.kind == k), k), default="")
        relations.append(
            RelationOut(subject, type_, obj, strongest.confidence, kept.evidence, strongest.extractor, kind)
        )
    ordered = tuple(sorted(relations, key=lambda r: (r.subject, r.type, r.object)))
    return Relations(relations=ordered, repeated=repeated, over_cap=over_cap)


def merge_proposals(*, entities: tuple[EntityOut, ...]) -> tuple[MergeProposal, ...]:
    """Near-duplicate names of the same label that share their digits (GTP-3.5 / GPT-3.5, never
    GPT-3 / GPT-4) and are not one name built on the other (Transformer / Q-Transformer); at least
    one side must be new to the lexicon."""
    proposals = []
    groups: dict[tuple[str, str], list[tuple[EntityOut, str]]] = defaultdict(list)
    for entity in entities:
        if entity.label != "Paper":
            form = match_key(text=entity.name)
            groups[(entity.label, re.sub(r"\D", "", form))].append((entity, form))
    for forms in groups.values():
        texts = [form for _, form in forms]
        # Only names of one label with the same digits are compared, each against the rest in C.
        for i, (left, left_form) in enumerate(forms[:-1]):
            if len(left_form) < 3:
                continue
            rest = texts[i + 1 :]
            close = {
                j
                for _, _, j in process.extract(
                    left_form, rest, scorer=fuzz.ratio, score_cutoff=_MERGE_THRESHOLD, limit=None
                )
            }
            if len(left_form) >= 4:  # one swapped or changed letter (GTP-3.5 / GPT-3.5) is a typo whatever the ratio
                close |= {
                    j for _, _, j in process.extract(left_form, rest, scorer=OSA.distance, score_cutoff=1, limit=None)
                }
            for j in sorted(close):
                right, right_form = forms[i + 1 + j]
                if names_nest(left.name, right.name):
                    continue
                if "lexicon" != left.source or "lexicon" != right.source:
                    score = fuzz.ratio(left_form, right_form)
                    reason = f"similar names {left.name!r} and {right.name!r}"
                    proposals.append(MergeProposal(left.key, right.key, round(score / 100, 3), reason))
    return tuple(proposals)

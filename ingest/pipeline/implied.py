"""Relations implied by other statements and by names: authors of a paper built what it
introduced; a hub repository's account (a lab the document names) made what it holds; a
chat/instruct variant named after a model fine-tunes it, a quantized or converted build derives
from it, a Distil- model is distilled from it. Lower confidence than stated facts."""

import re
from collections.abc import Callable

from ingest.pipeline.context import Context, Draft
from ingest.pipeline.hub import text_repo_ids, url_repo_ids
from ingest.pipeline.lexmatch import lexicon_matcher, match_key
from ingest.pipeline.markup import read_markup
from ingest.pipeline.recognize import Found, open_vocabulary
from ingest.pipeline.structure.rules import distilled_name, quantized_name
from kg.vocabulary import LineageKind

_IMPLIED = 0.55
_AUTHORS_MIN = 0.8
# The kind a fine-tuning word at the end of a name says (the words: open_vocabulary.yaml).
_VARIANT_KINDS = {
    "chat": str(LineageKind.CHAT_TUNING),
    "instruct": str(LineageKind.INSTRUCTION_TUNING),
    "rlhf": str(LineageKind.RLHF),
    "it": str(LineageKind.INSTRUCTION_TUNING),  # Gemma-7B-IT
}
_VARIANT_WORD = re.compile(
    r"(?:chat|instruct|rlhf|(?<=[\s\-_])it)$"
)  # only stated authors (author lines, cues), not themselves implied ones


def implied_relations(*, ctx: Context) -> None:
    """Name structure and authorship; every language gets them."""
    _developers_from_papers(ctx=ctx)
    _hub_accounts(ctx=ctx)
    _fine_tuned_variants(ctx=ctx)
    _renamed_variants(
        ctx=ctx,
        strip=quantized_name,
        type_="DERIVED_FROM",
        extractor="implied:quantized-name",
        kind=LineageKind.QUANTIZED,
    )
    _renamed_variants(
        ctx=ctx,
        strip=distilled_name,
        type_="DISTILLED_FROM",
        extractor="implied:distilled-name",
        kind=LineageKind.DISTILLATION,
    )


def _developers_from_papers(*, ctx: Context) -> None:
    """X INTRODUCED_IN P and P PUBLISHED_BY O ⇒ X DEVELOPED_BY O, with the author statement as evidence."""
    publishers: dict[str, list[Draft]] = {}
    for draft in ctx.drafts:
        if draft.type == "PUBLISHED_BY" and draft.confidence >= _AUTHORS_MIN:
            publishers.setdefault(draft.subject, []).append(draft)
    # Only a stated introduction: one inferred from the section's paper would compound two guesses.
    for draft in [d for d in ctx.drafts if d.type == "INTRODUCED_IN" and d.confidence >= _AUTHORS_MIN]:
        for published in publishers.get(draft.object, []):
            ctx.relate(
                subject=draft.subject,
                type_="DEVELOPED_BY",
                obj=published.object,
                confidence=_IMPLIED,
                evidence=published.evidence,
                extractor="implied:paper-authors",
            )


def _hub_accounts(*, ctx: Context) -> None:
    """`[MPT-30B](https://huggingface.co/mosaicml/mpt-30b)`, `tiiuae/falcon-40b`: the account of a
    hub repository made the model or dataset it holds, when the account is an organization the
    document names anyway (a person's or a re-uploader's account is no maker the lexicon knows).
    A link's text that names something of another kind (the card of Dolly → a dataset) is not it."""
    matcher = lexicon_matcher()
    markup = read_markup(ctx.text)
    repos = list(url_repo_ids(text=ctx.text, markup=markup))
    repos += [(repo, None) for repo in text_repo_ids(text=ctx.text, markup=markup, matcher=matcher)]
    for repo, link in repos:
        org = matcher.by_form.get(match_key(text=ctx.text[repo.org_start : repo.org_end]))
        if org is None or org.label != "Organization" or ctx.labels.get(org.key) != "Organization":
            continue
        # What the repository holds is named by the link's text, else by the id's name part.
        for start, end in [span for span in (link, (repo.name_start, repo.name_end)) if span is not None]:
            held = [f for f in ctx.mentions_in(start=start, end=end) if f.label == repo.kind.title()]
            if held:
                break
        # A known model is credited only by a repository of its own name (a lab's re-upload,
        # NousResearch/Llama-2-7b-hf, does not make Llama 2 theirs).
        if len(held) == 1 and (
            held[0].source != "lexicon"
            or match_key(text=ctx.text[repo.name_start : repo.name_end]) == match_key(text=held[0].name)
        ):
            ctx.relate(
                subject=held[0].key,
                type_="DEVELOPED_BY",
                obj=org.key,
                confidence=_IMPLIED,
                evidence=ctx.evidence(start=min(start, repo.org_start), end=max(end, repo.name_end)),
                extractor="implied:hub-account",
            )


def _fine_tuned_variants(*, ctx: Context) -> None:
    """`Llama 2-Chat`, `Qwen-7B-Instruct`: a model named after another one plus a fine-tuning
    word (open_vocabulary.yaml) fine-tunes it, when both are in the document; the word says the
    kind (-Chat: chat tuning, -Instruct: instruction tuning)."""
    for key, (parent, found) in variant_bases(ctx=ctx).items():
        word = _VARIANT_WORD.search(found.name.lower().strip())
        ctx.relate(
            subject=key,
            type_="FINE_TUNES",
            obj=parent,
            confidence=_IMPLIED,
            evidence=ctx.evidence(start=found.start, end=found.end),
            extractor="implied:variant-name",
            kind=_VARIANT_KINDS.get(word.group(0) if word else "", ""),
        )


def _renamed_variants(
    *, ctx: Context, strip: Callable[..., str | None], type_: str, extractor: str, kind: LineageKind
) -> None:
    """A model named after another one plus words that say what was done to it (structure.yaml),
    when both are named: quantization or file-format words after it (`Qwen-7B-Chat-Int4`,
    `Llama-2-13B-GPTQ`: derived from), a distillation word before it (`DistilBERT`: distilled from)."""
    models, first_mention = _model_forms(ctx=ctx)
    for key, found in first_mention.items():
        for form in (found.name, ctx.text[found.start : found.end]):
            base = strip(name=form)
            parent = models.get(match_key(text=base)) if base else None
            if parent and parent != key:
                ctx.relate(
                    subject=key,
                    type_=type_,
                    obj=parent,
                    confidence=_IMPLIED,
                    evidence=ctx.evidence(start=found.start, end=found.end),
                    extractor=extractor,
                    kind=str(kind),
                )
                break


def _model_forms(*, ctx: Context) -> tuple[dict[str, str], dict[str, Found]]:
    """Normalized name and surface form of every model → its key, and each model's first mention."""
    models: dict[str, str] = {}
    first_mention: dict[str, Found] = {}
    for found in ctx.mentions:
        if found.label == "Model":
            first_mention.setdefault(found.key, found)
            for form in (found.name, ctx.text[found.start : found.end]):
                models.setdefault(match_key(text=form), found.key)
    return models, first_mention


def variant_bases(*, ctx: Context) -> dict[str, tuple[str, Found]]:
    """Model key → (the key of the model it is a chat/instruct variant of, its first mention)."""
    words = "|".join(re.escape(w) for w in sorted(open_vocabulary().fine_tune_words, key=len, reverse=True))
    suffix = re.compile(rf"[\s\-_]*(?:{words})$", re.IGNORECASE)
    models, first_mention = _model_forms(ctx=ctx)
    bases = {}
    for key, found in first_mention.items():
        for form in (found.name, ctx.text[found.start : found.end]):
            base = suffix.sub("", form)
            parent = models.get(match_key(text=base)) if base != form else None
            if parent and parent != key:
                bases[key] = (parent, found)
                break
    return bases

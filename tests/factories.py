"""Builders for graph input in tests: data goes in through services, like the pipeline's does."""

import hashlib

from kg.types import ClaimIn, DocumentIn, EntityIn, FactIn

LABELS = {
    "gpt-3": ("Model", "GPT-3", ("GPT-3", "GPT3")),
    "instructgpt": ("Model", "InstructGPT", ("InstructGPT",)),
    "chatgpt": ("Model", "ChatGPT", ("ChatGPT",)),
    "llama": ("Model", "LLaMA", ("LLaMA",)),
    "alpaca": ("Model", "Alpaca", ("Alpaca", "羊驼")),
    "openai": ("Organization", "OpenAI", ("OpenAI",)),
    "google": ("Organization", "Google", ("Google", "谷歌")),
    "t5": ("Model", "T5", ("T5",)),
    "rlhf": ("Technique", "RLHF", ("RLHF", "人类反馈强化学习")),
    "rmsnorm": ("Technique", "RMSNorm", ("RMSNorm",)),
}


def claim(quote: str, start: int = 0, confidence: float = 0.95) -> ClaimIn:
    return ClaimIn(
        quote=quote,
        start=start,
        end=start + len(quote),
        extractor="test",
        extractor_version="t/1",
        confidence=confidence,
    )


def document(
    key: str,
    facts: list[tuple[str, str, str]],
    *,
    text: str | None = None,
    confidence: float = 0.95,
    extra_entities: tuple[str, ...] = (),
) -> DocumentIn:
    """A document stating `facts` (subject, TYPE, object), each with its own sentence as evidence."""
    sentences = [f"{LABELS[s][1]} {t.lower()} {LABELS[o][1]}." for s, t, o in facts]
    body = text if text is not None else " ".join(sentences) or "empty"
    keys = sorted({k for s, _, o in facts for k in (s, o)} | set(extra_entities))
    fact_ins, cursor = [], 0
    for (s, t, o), sentence in zip(facts, sentences, strict=True):
        start = body.find(sentence, cursor) if text is None else 0
        quote = sentence if text is None else body
        fact_ins.append(FactIn(subject=s, type=t, object=o, claims=(claim(quote, max(start, 0), confidence),)))
        cursor = max(start, 0) + len(sentence)
    entities = []
    for k in keys:
        label, name, aliases = LABELS[k]
        at = body.find(name)
        spans = ((at, at + len(name)),) if at >= 0 else ()
        entities.append(EntityIn(key=k, label=label, name=name, aliases=aliases, properties={}, mention_spans=spans))
    return DocumentIn(
        key=key,
        title=f"Title of {key}",
        language="en",
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        text=body,
        extractor_version="t/1",
        properties={"chars": len(body)},
        entities=tuple(entities),
        facts=tuple(fact_ins),
        attributes=(),
    )

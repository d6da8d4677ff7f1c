"""Builders for graph input in tests: data goes in through services, like the pipeline's does."""

import hashlib
import json

from kg.documents import AttributeIn, ClaimIn, DocumentIn, EntityIn, FactIn

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
    "vicuna": ("Model", "Vicuna", ("Vicuna", "小羊驼")),
    "gopher": ("Model", "Gopher", ("Gopher",)),
    "deepmind": ("Organization", "DeepMind", ("DeepMind",)),
    "massivetext": ("Dataset", "MassiveText", ("MassiveText",)),
    "gpt-3-paper": ("Paper", "Language Models are Few-Shot Learners", ("arXiv 2005.14165",)),
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
    attributes: tuple[tuple[str, str, int | float | str], ...] = (),
) -> DocumentIn:
    """A document stating `facts` (subject, TYPE, object), each with its own sentence as evidence,
    and `attributes` (entity, name, value), each stated by a sentence appended to the text."""
    sentences = [f"{LABELS[s][1]} {t.lower()} {LABELS[o][1]}." for s, t, o in facts]
    body = text if text is not None else " ".join(sentences) or "empty"
    attribute_ins = []
    for entity, name, value in attributes:
        sentence = f" {LABELS[entity][1]} has {name} {value}."
        attribute_ins.append(
            AttributeIn(entity=entity, name=name, value=value, claim=claim(sentence.strip(), len(body) + 1, confidence))
        )
        body += sentence
    keys = sorted({k for s, _, o in facts for k in (s, o)} | set(extra_entities) | {e for e, _, _ in attributes})
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
        attributes=tuple(attribute_ins),
    )


# --- pages: articles in any language; every alias the text contains becomes a mention

LABELS.update(
    {
        "flan-t5": ("Model", "Flan-T5", ("Flan-T5", "FLAN-T5")),
        "palm": ("Model", "PaLM", ("PaLM",)),
        "swiglu": ("Technique", "SwiGLU", ("SwiGLU",)),
        "deepmind": ("Organization", "DeepMind", ("DeepMind",)),
        "gopher": ("Model", "Gopher", ("Gopher",)),
        "chinchilla": ("Model", "Chinchilla", ("Chinchilla",)),
        "massivetext": ("Dataset", "MassiveText", ("MassiveText",)),
        "arxiv:1910.10683": ("Paper", "arXiv:1910.10683", ("arXiv:1910.10683", "1910.10683")),
        "instruction-tuning": ("Technique", "instruction tuning", ("instruction tuning", "指令微调")),
        "mt5": ("Model", "mT5", ("mT5",)),
        "byt5": ("Model", "ByT5", ("ByT5",)),
    }
)

Entities = dict[str, tuple[str, str, tuple[str, ...]]]


def _mentions(text: str, entities: Entities) -> dict[str, list[tuple[int, int]]]:
    """Longest aliases first, never overlapping: "Flan-T5" is one mention, not also "T5"."""
    forms = sorted(((a, k) for k, (_, _, aliases) in entities.items() for a in aliases), key=lambda f: -len(f[0]))
    taken = [False] * len(text)
    spans: dict[str, list[tuple[int, int]]] = {}
    for alias, key in forms:
        at = text.find(alias)
        while at >= 0:
            end = at + len(alias)
            if not any(taken[at:end]):
                taken[at:end] = [True] * len(alias)
                spans.setdefault(key, []).append((at, end))
            at = text.find(alias, end)
    return spans


def article(
    key: str,
    *,
    text: str,
    language: str = "en",
    title: str | None = None,
    facts: tuple[tuple[str, str, str, str], ...] = (),
    attributes: tuple[tuple[str, str, object, str], ...] = (),
    entities: Entities | None = None,
    confidence: float = 0.95,
    report: dict | None = None,
) -> DocumentIn:
    """A document whose facts (subject, TYPE, object, quote) and attributes (entity, name, value, quote)
    quote sentences of `text`; every known alias found in the text is a mention of its entity."""
    known = {**LABELS, **(entities or {})}
    spans = _mentions(text, known)
    keys = set(spans) | {k for s, _, o, _ in facts for k in (s, o)} | {e for e, _, _, _ in attributes}

    def quoted(quote: str) -> ClaimIn:
        at = text.index(quote)
        return claim(quote, at, confidence)

    return DocumentIn(
        key=key,
        title=title or f"Title of {key}",
        language=language,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        extractor_version="t/1",
        properties={"chars": len(text), **({"report": json.dumps(report, ensure_ascii=False)} if report else {})},
        entities=tuple(
            EntityIn(
                key=k,
                label=known[k][0],
                name=known[k][1],
                # Like the pipeline: the forms this text uses, so 羊驼 is Alpaca's only where an article says so.
                aliases=tuple(sorted({text[a:b] for a, b in spans.get(k, ())} | {known[k][1]})),
                properties={},
                mention_spans=tuple(spans.get(k, ())),
            )
            for k in sorted(keys)
        ),
        facts=tuple(FactIn(subject=s, type=t, object=o, claims=(quoted(q),)) for s, t, o, q in facts),
        attributes=tuple(AttributeIn(entity=e, name=n, value=v, claim=quoted(q)) for e, n, v, q in attributes),
    )


def family(key: str, *, root: str, size: int) -> DocumentIn:
    """`size` generated models fine-tuning `root`, one sentence each: a family too big to draw whole."""
    children = {f"{root}-tune-{i:03d}": ("Model", f"Tune {i:03d}", (f"Tune {i:03d}",)) for i in range(size)}
    sentences = {k: f"{name} fine-tunes {LABELS[root][1]}." for k, (_, name, _) in children.items()}
    return article(
        key,
        text=" ".join(sentences.values()),
        facts=tuple((k, "FINE_TUNES", root, sentence) for k, sentence in sentences.items()),
        entities=children,
    )


# --- end pages


def restated(key: str, *, subject: str, type: str, object: str, times: int, padding: int = 0) -> DocumentIn:
    """One fact stated by `times` distinct sentences, `padding` characters of filler after each, the
    claims' confidences spread out: a fact with as many claims as a thousand documents would give it."""
    subject_name, object_name = LABELS[subject][1], LABELS[object][1]
    filler = " " + "lorem ipsum " * (padding // 12) if padding else ""
    sentences = [f"Note {i}: {subject_name} {type.lower().replace('_', ' ')} {object_name}." for i in range(times)]
    text = " ".join(sentence + filler for sentence in sentences)
    claims, at = [], 0
    for i, sentence in enumerate(sentences):
        at = text.index(sentence, at)
        claims.append(claim(sentence, at, confidence=round(0.5 + (i * 7 % 50) / 100, 2)))
        at += len(sentence)
    return DocumentIn(
        key=key,
        title=f"Title of {key}",
        language="en",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        extractor_version="t/1",
        properties={"chars": len(text)},
        entities=tuple(
            EntityIn(key=k, label=LABELS[k][0], name=LABELS[k][1], aliases=LABELS[k][2], properties={})
            for k in (subject, object)
        ),
        facts=(FactIn(subject=subject, type=type, object=object, claims=tuple(claims)),),
        attributes=(),
    )

"""Name structure: a quantized or converted build named after a model derives from it, a
chat/instruct variant fine-tunes it, a Distil- model is distilled from it; only when both are
named, in any language."""

import pytest

from ingest.pipeline import extract, stages
from ingest.pipeline.context import Context
from ingest.pipeline.implied import implied_relations
from ingest.pipeline.recognize import Found
from ingest.pipeline.relate import assign_subjects
from ingest.pipeline.structure.rules import distilled_name, quantized_name


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("Qwen-7B-Chat-Int4", "Qwen-7B-Chat"),
        ("Llama-2-13B-chat-GPTQ", "Llama-2-13B-chat"),
        ("Mistral-7B-Instruct-v0.2-GGUF", "Mistral-7B-Instruct-v0.2"),
        ("Yi-6B-AWQ", "Yi-6B"),
        ("Hanbit-13B 4bit", "Hanbit-13B"),
        ("Hanbit-13B-8bit", "Hanbit-13B"),
        ("Falcon-7B-bnb-4bit", "Falcon-7B"),
        ("Phi-2-Q4_K_M", "Phi-2"),
        ("Qwen-7B-Chat-Int4-GPTQ", "Qwen-7B-Chat"),
        ("Airbnb", None),
        ("GPT-4", None),
        ("Llama-2-7B-Chat", None),
        ("Int4", None),
    ],
)
def test_quantized_name(name, base):
    assert quantized_name(name=name) == base


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("DistilBERT", "BERT"),
        ("DistilGPT2", "GPT2"),
        ("distil-whisper", "whisper"),
        ("Distill-Hanbit-7B", "Hanbit-7B"),
        ("Distillation", None),
        ("Distil", None),
        ("BERT", None),
    ],
)
def test_distilled_name(name, base):
    assert distilled_name(name=name) == base


@pytest.mark.parametrize("language", ["fr", "ja", "xx"])
def test_distil_model_is_distilled_from_the_model_it_is_named_after(language):
    text = "Hanbit-7B et DistilHanbit-7B; Distil-Kanto aussi, sans Kanto.\n"
    ctx = _recognized_with(
        text=text,
        language=language,
        extra=[
            ("DistilHanbit-7B", "distilhanbit-7b"),
            ("Hanbit-7B", "hanbit-7b"),
            ("Distil-Kanto", "distil-kanto"),
        ],
    )
    implied_relations(ctx=ctx)
    found = {(d.subject, d.type, d.object, d.extractor) for d in ctx.drafts}
    assert found == {("distilhanbit-7b", "DISTILLED_FROM", "hanbit-7b", "implied:distilled-name")}
    assert all(d.confidence <= 0.6 for d in ctx.drafts)


def _recognized_with(*, text: str, language: str, extra: list[tuple[str, str]]) -> Context:
    """Run the pipeline up to recognition, then add mentions of names the recognizer may not
    know yet (`(surface form, key)`, the surface form's last occurrence not yet taken), so the
    name rules are tested on their own."""
    state = {"source": text, "name": "", "language": language, "max_bytes": 1 << 20}
    for stage in (stages.read, stages.normalize, stages.segment, stages.recognize):
        stage(state=state)
    ctx = state["ctx"]
    added: list[Found] = []
    for surface, key in extra:
        start = ctx.text.rindex(surface)
        while any(f.start <= start < f.end for f in added):
            start = ctx.text.rindex(surface, 0, start)
        added.append(Found(start, start + len(surface), key, "Model", surface, "open-vocabulary", 0.8))
    ctx.mentions = [f for f in ctx.mentions if not any(f.start < a.end and a.start < f.end for a in added)] + added
    ctx.labels.clear()
    ctx.index_mentions()
    ctx.subjects.clear()
    assign_subjects(ctx=ctx)
    return ctx


@pytest.mark.parametrize("language", ["ja", "ko", "xx"])
def test_quantized_build_derives_from_the_model_it_is_named_after(language):
    text = "Hanbit-13B-Chat と Hanbit-13B-Chat-Int4 を公開しました。Hanbit-13B-Chat-GGUF もあります。\n"
    ctx = _recognized_with(
        text=text,
        language=language,
        extra=[
            ("Hanbit-13B-Chat-Int4", "hanbit-13b-chat-int4"),
            ("Hanbit-13B-Chat-GGUF", "hanbit-13b-chat-gguf"),
            ("Hanbit-13B-Chat", "hanbit-13b-chat"),
        ],
    )
    implied_relations(ctx=ctx)
    found = {(d.subject, d.type, d.object, d.extractor) for d in ctx.drafts}
    assert found == {
        ("hanbit-13b-chat-int4", "DERIVED_FROM", "hanbit-13b-chat", "implied:quantized-name"),
        ("hanbit-13b-chat-gguf", "DERIVED_FROM", "hanbit-13b-chat", "implied:quantized-name"),
    }
    assert all(d.confidence <= 0.6 for d in ctx.drafts)


def test_quantized_build_without_its_model_named_gives_nothing():
    ctx = _recognized_with(
        text="Nur Hanbit-13B-GPTQ wurde veröffentlicht.\n",
        language="de",
        extra=[("Hanbit-13B-GPTQ", "hanbit-13b-gptq")],
    )
    implied_relations(ctx=ctx)
    assert not [d for d in ctx.drafts if d.extractor == "implied:quantized-name"]


@pytest.mark.parametrize("language", ["en", "ko", "xx"])
def test_chat_variant_fine_tunes_its_model_in_any_language(language):
    text = "Llama 2 와 Llama 2-Chat 모델을 비교했습니다.\n" if language == "ko" else "Llama 2 and Llama 2-Chat.\n"
    relations = {(r.subject, r.type, r.object) for r in extract(text, language=language).relations}
    assert ("llama-2-chat", "FINE_TUNES", "llama-2") in relations
    assert ("llama-2", "FINE_TUNES", "llama-2-chat") not in relations


def test_base_model_key_of_a_quantized_build_is_derived_not_fine_tuned():
    ctx = _recognized_with(
        text="# Hanbit-13B-GPTQ\n\n- Base model: Hanbit-13B\n",
        language="xx",
        extra=[("Hanbit-13B", "hanbit-13b"), ("Hanbit-13B-GPTQ", "hanbit-13b-gptq")],
    )
    stages.relate(state={"ctx": ctx})
    found = {(d.subject, d.type, d.object) for d in ctx.drafts}
    assert ("hanbit-13b-gptq", "DERIVED_FROM", "hanbit-13b") in found
    assert ("hanbit-13b-gptq", "FINE_TUNES", "hanbit-13b") not in found


@pytest.mark.parametrize("language", ["en", "ko", "xx"])
def test_hub_account_of_a_named_lab_made_what_its_repository_holds(language):
    """The account is the maker only when it is a lab the document names; a re-uploader's account,
    a named lab's copy of a known model and a link whose text names something of another kind
    give nothing."""
    text = (
        "MosaicML と Salesforce.\n\n"
        "- [MPT-30B-Chat](https://huggingface.co/mosaicml/mpt-30b-chat)\n"
        "- `Salesforce/xgen-7b-8k-base`\n"
        "- [the card of MPT-30B](https://huggingface.co/datasets/mosaicml/dolly_hhrlhf)\n"
        "- https://huggingface.co/TheBloke/mpt-30b-chat-GGML\n"
        "- [Falcon-40B](https://huggingface.co/tiiuae/falcon-40b)\n"
        "- [Llama 2](https://huggingface.co/mosaicml/Llama-2-7b-hf), a copy\n"
    )
    found = {(r.subject, r.object) for r in extract(text, language=language).relations if r.type == "DEVELOPED_BY"}
    assert found == {("mpt-30b-chat", "mosaicml"), ("xgen-7b-8k-base", "salesforce")}

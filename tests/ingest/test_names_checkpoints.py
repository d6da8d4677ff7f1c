"""Checkpoint names keep their version and variant tails; a size the lexicon lists is its family.

The policy is written in ingest/lexicon/cues/open_vocabulary.yaml (`tail_words`)."""

import pytest

from ingest.pipeline import extract


def _found(text: str) -> dict[str, tuple[str, set[tuple[int, str]]]]:
    return {e.key: (e.label, {(m.start, m.text) for m in e.mentions}) for e in extract(text).entities}


CASES = [
    pytest.param(
        "Mistral-7B-Instruct-v0.1 and Mistral-7B-Instruct-v0.2 differ in their context window.",
        [
            ("mistral-7b-instruct-v0-1", "Mistral-7B-Instruct-v0.1"),
            ("mistral-7b-instruct-v0-2", "Mistral-7B-Instruct-v0.2"),
        ],
        id="two versions are two models",
    ),
    pytest.param(
        "Qwen-7B v1.1 replaces Qwen-7B.",
        [("qwen-7b-v1-1", "Qwen-7B v1.1"), ("qwen", " Qwen-7B.")],
        id="a spaced version tag is part of the name",
    ),
    pytest.param(
        "Qwen-7B-Chat をリリースします。", [("qwen-7b-chat", "Qwen-7B-Chat")], id="a sized chat model is not Qwen-Chat"
    ),
    pytest.param(
        "Download Qwen-14B-Chat-Int4, Llama-2-13B-GPTQ, Mixtral-8x7B-Instruct-AWQ or TinyFoo-1.1B-4bit.",
        [
            ("qwen-14b-chat-int4", "Qwen-14B-Chat-Int4"),
            ("llama-2-13b-gptq", "Llama-2-13B-GPTQ"),
            ("mixtral-8x7b-instruct-awq", "Mixtral-8x7B-Instruct-AWQ"),
            ("tinyfoo-1-1b-4bit", "TinyFoo-1.1B-4bit"),
        ],
        id="quantization tails stay",
    ),
    pytest.param(
        "LLaMA 7B and LLaMA-13B are sizes of LLaMA.", [("llama", "LLaMA 7B")], id="sizes the lexicon lists: the family"
    ),
    pytest.param(
        "GLM-137B is larger than GLM-130B.",
        [("glm-137b", "GLM-137B"), ("glm-130b", "GLM-130B")],
        id="a size the lexicon does not list: a new model",
    ),
    pytest.param(
        "Wir starten mit LLaMA-7B-Gewichten und GPT-3-ähnlichen Daten.",
        [("llama", "LLaMA-7B"), ("gpt-3", "GPT-3")],
        id="a plain word after the size ends the name",
    ),
    pytest.param(
        "leo-hessianai-7b-chat は leo-hessianai-7b のチャット版です。",
        [("leo-hessianai-7b-chat", "leo-hessianai-7b-chat"), ("leo-hessianai-7b", " leo-hessianai-7b ")],
        id="lowercase hub-style names",
    ),
    pytest.param(
        "Qwen-VL-Chat, LLaVA-MoD and Baichuan-Omni-1.5 build on known models.",
        [("qwen-vl-chat", "Qwen-VL-Chat"), ("llava-mod", "LLaVA-MoD"), ("baichuan-omni-1-5", "Baichuan-Omni-1.5")],
        id="a known name with an acronym, a name or a version after it",
    ),
    pytest.param(
        "Qwen-Chat was tuned from Qwen.", [("qwen-chat", "Qwen-Chat"), ("qwen", " Qwen.")], id="the family variant"
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_checkpoint_names(text, expected):
    found = _found(text)
    assert set(found) == {key for key, _ in expected}, found
    for key, context in expected:
        # The surface is the context without its spaces and final stop, found where the context is.
        surface = context.strip().rstrip(".")
        start = text.index(context) + context.index(surface)
        assert found[key][0] == "Model"
        assert (start, surface) in found[key][1], (key, found[key][1])


def _model_keys(text: str, language: str | None = None) -> set[str]:
    return {e.key for e in extract(text, name="t.txt", language=language).entities if e.label == "Model"}


def test_listed_sizes_of_a_family_are_the_family():
    assert _model_keys("LLaMA comes in four sizes, from LLaMA-7B up to LLaMA-65B.") == {"llama"}


def test_a_size_with_its_own_chat_checkpoint_in_the_text_is_its_own_model():
    for text, language in (
        ("Qwen-7B-Chat was aligned with RLHF on top of Qwen-7B.", "en"),
        ("Qwen-7B-Chat は Qwen-7B をベースにチャット向けに調整されたモデルです。", "ja"),
        ("Qwen-7B-Chat 是在 Qwen-7B 的基础上对齐得到的对话模型。", None),
    ):
        keys = _model_keys(text, language)
        assert {"qwen-7b", "qwen-7b-chat"} <= keys and "qwen" not in keys, (text, keys)

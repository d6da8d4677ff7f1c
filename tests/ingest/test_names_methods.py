"""Methods, frameworks and libraries are not models: the words around a new name type it."""

import pytest

from ingest.pipeline import extract


def _labels(text: str, language: str | None = None) -> dict[str, str]:
    return {e.key: e.label for e in extract(text, name="t.txt", language=language).entities}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("HyDE first writes a hypothetical answer and then searches with its embedding.", "en"),
        ("Mit HyDE wird zuerst ein hypothetisches Dokument geschrieben und dann gesucht.", "de"),
        ("HyDE 先生成一个假设的答案,再用它的向量去检索。", None),
    ],
)
def test_well_known_retrieval_methods_are_techniques(text, language):
    assert _labels(text, language)["hyde"] == "Technique"


def test_chain_of_note_and_feedme_are_techniques_in_three_languages():
    assert _labels("Chain-of-Note makes a reader write notes about each retrieved passage.")["chain-of-note"] == (
        "Technique"
    )
    assert _labels("OpenAI trainierte text-davinci-002 mit FeedME.", language="de")["feedme"] == "Technique"
    assert _labels("该模型采用 Chain-of-Note 来阅读检索到的段落。")["chain-of-note"] == "Technique"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We trained the network with BrickLM, a JAX framework for training large language models.", "en"),
        ("Trainiert wurde mit BrickLM, einem Framework zum Training großer Sprachmodelle.", "de"),
        ("BrickLM 是一个用于训练大语言模型的框架。", None),
    ],
)
def test_a_new_name_described_as_a_framework_is_a_technique_not_a_model(text, language):
    assert _labels(text, language).get("bricklm") == "Technique"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("BrickLM, a Python library for fine-tuning language models, is easy to install.", "en"),
        ("BrickLM ist eine Programmbibliothek zum Feintuning von Sprachmodellen.", "de"),
        ("BrickLM 是一个开源库,用于微调语言模型。", None),
    ],
)
def test_a_new_name_described_as_a_library_is_no_entity(text, language):
    assert "bricklm" not in _labels(text, language)


def test_a_new_model_described_as_a_model_stays_a_model():
    assert _labels("BrickLM is a language model trained on code.")["bricklm"] == "Model"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Zephyr-Lite was trained with EasyLM on TPUs.", "en"),
        ("Zephyr-Lite wurde mit EasyLM auf TPUs trainiert.", "de"),
        ("Zephyr-Lite 使用 EasyLM 在 TPU 上训练。", None),
    ],
)
def test_a_training_framework_a_model_was_trained_with_is_a_technique_not_a_parent(text, language):
    extraction = extract(text, name="t.txt", language=language)
    assert {e.key: e.label for e in extraction.entities}["easylm"] == "Technique"
    assert not [r for r in extraction.relations if r.object == "easylm" and r.type != "USES"]

"""Language detection for short and mixed text, forcing, and what the report says about it."""

import pytest

from ingest.pipeline import extract
from ingest.pipeline.language import detect_language

SHORT = [
    ("Orca is fine-tuned from LLaMA by Microsoft.", "en"),  # the README's example
    ("Mistral 7B wurde von Mistral AI in Paris trainiert.", "de"),
    ("Ce modèle a été entraîné par Meta sur des textes publics.", "fr"),
    ("Este modelo fue entrenado por Meta con textos públicos.", "es"),
    ("Este modelo foi treinado pela Meta com textos públicos.", "pt"),
    ("Questo modello è stato addestrato da Meta su testi pubblici.", "it"),
    ("Mô hình này được Meta huấn luyện trên dữ liệu công khai.", "vi"),
    ("Эту модель обучила компания Meta на открытых текстах.", "ru"),
    ("قامت Meta بتدريب هذا النموذج على نصوص عامة.", "ar"),
    ("このモデルは Meta が公開データで学習させた。", "ja"),
    ("이 모델은 Meta가 공개 데이터로 학습시켰다.", "ko"),
]


@pytest.mark.parametrize(("text", "language"), SHORT, ids=[language for _, language in SHORT])
def test_a_short_sentence_is_read_as_its_language(text, language):
    assert detect_language(text=text, forced=None).language == language


def test_latin_names_do_not_outvote_the_chinese_around_them():
    text = "Code Llama 基于 Llama 2, 使用 RoPE 和 GQA。"
    assert detect_language(text=text, forced=None).language == "zh-Hans"
    assert detect_language(text="Vicuna 是基於 LLaMA 微調的模型。", forced=None).language == "zh-Hant"


def test_forcing_wins_and_says_so():
    info = detect_language(text="Orca is fine-tuned from LLaMA by Microsoft.", forced="de")
    assert (info.language, info.method, info.confidence) == ("de", "forced", 1.0)


def test_the_report_says_how_the_language_was_found():
    report = extract("Orca is fine-tuned from LLaMA by Microsoft.").report
    assert report.language == "en"
    assert report.language_detection.method == "detector"
    assert 0 < report.language_detection.confidence <= 1
    relations = {
        (r.subject, r.type, r.object) for r in extract("Orca is fine-tuned from LLaMA by Microsoft.").relations
    }
    assert ("orca", "FINE_TUNES", "llama") in relations


def test_a_long_text_in_a_language_without_a_lexicon_is_named_as_such():
    text = (
        "Dit model is ontwikkeld door een kleine groep onderzoekers in Amsterdam. Het werd getraind op "
        "openbare teksten uit kranten, boeken en websites, en het is bedoeld voor vragen over de Nederlandse "
        "taal. De makers hebben de gewichten vrijgegeven zodat iedereen het model kan gebruiken en verbeteren. "
        "Volgend jaar verschijnt een grotere versie die ook langere documenten kan lezen en samenvatten. "
        "Tot die tijd blijft de huidige versie beschikbaar voor scholen, bibliotheken en kleine bedrijven."
    )
    extraction = extract(text)
    assert extraction.document.language == "nl"
    assert extraction.document.supported is False
    assert "no lexicon" in extraction.report.language_note

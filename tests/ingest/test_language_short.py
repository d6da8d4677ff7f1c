"""Short text: the detector says which language when the words back it, and says it only guesses
when they do not (a short note, a Turkish line, names alone), so a submission asks instead."""

import pytest

from ingest.pipeline import extract, source_language
from ingest.pipeline.language import detect_language

# One-line notes a curator might send, written for this test, each plainly in its language.
SURE = [
    ("Quick note: the numbers in table two are from the second run.", "en"),
    ("We release the weights of the small model today.", "en"),
    ("Kurze Notiz: die Zahlen in Tabelle zwei stammen aus dem zweiten Lauf.", "de"),
    ("Gopher wurde von DeepMind entwickelt.", "de"),
    ("Petite note : les chiffres du tableau deux viennent du second essai.", "fr"),
    ("Nota breve: los números de la tabla dos son de la segunda prueba.", "es"),
    ("Nota veloce: i numeri della tabella due vengono dalla seconda prova.", "it"),
    ("Nota rápida: os números da tabela dois vêm do segundo teste.", "pt"),
]

# Too short or too mixed to tell: a guess, and said to be one.
UNSURE = [
    ("ok", "two letters"),
    ("Merci, ça me va.", "reads as Portuguese about as much as French"),
    ("Alpaca si basa su LLaMA.", "three short words once the names are out"),
    ("Tamam, yarın bakarız.", "Turkish: no lexicon, the short detector would call it Spanish"),
    ("GPT-4 LLaMA-2 RLHF 7B", "names and numbers only"),
]


@pytest.mark.parametrize(("text", "language"), SURE, ids=[f"{lang}-{i}" for i, (_, lang) in enumerate(SURE)])
def test_a_plain_short_note_is_read_as_its_language_and_sure(text, language):
    info = detect_language(text=text, forced=None)
    assert (info.language, info.sure) == (language, True), info
    assert info.candidates[0] == (language, info.confidence)


@pytest.mark.parametrize(("text", "why"), UNSURE, ids=[why.split(":")[0] for _, why in UNSURE])
def test_a_text_too_short_to_tell_is_an_unsure_guess(text, why):
    info = detect_language(text=text, forced=None)
    assert info.sure is False, (why, info)


def test_a_forced_language_is_never_a_guess():
    assert detect_language(text="ok", forced="en").sure is True


def test_the_report_and_the_check_say_the_language_was_a_guess():
    report = extract("Merci, ça me va.").report
    assert report.language_detection.sure is False
    assert report.to_dict()["language_detection"]["sure"] is False
    assert source_language("Merci, ça me va.".encode()).sure is False
    assert source_language(("Gopher wurde von DeepMind entwickelt. " * 2000).encode()).language == "de"


def test_a_long_english_line_is_not_read_as_turkish():
    line = (
        "Note for the curators: this submission is only a check that the form works, so please ignore it; "
        "there is nothing here about any model or paper, just plain words written so that the detector has "
        "enough to read, and then some more words so that the line is long enough for the broad detector."
    )
    info = detect_language(text=line, forced=None)
    assert (info.language, info.sure) == ("en", True)

"""Windows-1252 text (French, German, English with curly quotes, €, ß, ï) is read as cp1252, not as
cp1250 (issue 16: `naïve` came out `naďve`); Central European and Cyrillic code pages still win
where their text reads better."""

import pytest

from ingest.pipeline.read import read_source

CASES = {
    "french": "Le modèle naïve est entraîné sur un corpus « très » varié ; il coûte 5 € et l’équipe l’a publié.",
    "german": "Die Straße ist groß: „Das Modell“ kostet 10 € – naïve Grüße aus Köln.",
    "english": "The “naïve” approach isn’t café-grade — it costs €5, and the team’s résumé says so.",
    "one-word": "naïve",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_windows_1252_is_read_as_cp1252(text):
    read = read_source(source=text.encode("cp1252"), name="notes.txt", max_bytes=1 << 20)
    assert (read.text, read.encoding) == (text, "cp1252")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Příliš žluťoučký kůň úpěl ďábelské ódy. Jazykový model byl vyvinut týmem v Praze.", "cp1250"),
        ("Это языковая модель, обученная на большом корпусе текстов.", "cp1251"),
        # Short Czech and Polish sentences charset-normalizer scores exactly as well in cp1252 (review:
        # the first tie rule read `v Brně, učení` as `v Brnì, uèení`).
        ("Model vyvinutý v Brně, učení trvalo dva týdny.", "cp1250"),
        ("Tým z Prahy představil nový model.", "cp1250"),
        ("Zespół z Krakowa przedstawił nowy model językowy, który będzie dostępny.", "cp1250"),
    ],
    ids=["czech-cp1250", "russian-cp1251", "czech-short", "czech-shorter", "polish-short"],
)
def test_other_code_pages_are_still_detected(text, encoding):
    read = read_source(source=text.encode(encoding), name="notes.txt", max_bytes=1 << 20)
    assert (read.text, read.encoding) == (text, encoding)

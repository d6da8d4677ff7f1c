"""Language and script detection: script shares first (Han, kana, Hangul, Arabic, Cyrillic …),
OpenCC for Simplified vs Traditional, lingua among Latin-script languages; short texts choose only
among the languages that have a lexicon, and the result says how sure it is and why."""

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.pipeline.grammar import available_languages
from ingest.pipeline.view import han_changed_ratio

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Letters only Vietnamese writes among Latin scripts (ơ, ư, đ, ă and the hook and dot tones).
_VIETNAMESE = re.compile(r"[ơưđăƠƯĐĂ\u1ea0-\u1ef9]")
_LETTER = re.compile(r"[^\W\d_]")
_URL = re.compile(r"https?://\S+|[#*_`>|]+")
# Words with a digit or a second capital are names or codes: GPT-3, LLaMA, RoPE, 7B, xP3.
_NAME_SHAPED = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z0-9-]*(?:\d|[A-Za-z][A-Z])[A-Za-z0-9.-]*")
# Below this many letters a text is short: one sentence of names reads as Turkish or Indonesian as
# well as English, so only languages with a lexicon are candidates there.
_SHORT_SAMPLE = 400
# A detector's answer is sure when the text has enough letters left once names are out, its best
# language has this share of the confidence and leads the next one this many times over; below that
# a short text (`ok`, `Merci, ça me va.`, `si basa su`) is anyone's guess and the language is asked for.
_MIN_LETTERS = 8
_SURE_SHARE = 0.4
_SURE_LEAD = 2.0
# The short detector knows only languages with a lexicon, so it names one of them even for Turkish;
# the broad one (trigrams, more languages) this sure of another language makes that choice unsure.
_FOREIGN_SHARE = 0.9
# Above this share of changed Han characters, the text is Traditional (Simplified text scores ~0).
_TRADITIONAL_RATIO = 0.04
_SCRIPTS = {"ja": "Jpan", "ko": "Kore", "ru": "Cyrl", "uk": "Cyrl", "bg": "Cyrl", "ar": "Arab", "fa": "Arab"}
_SCRIPTS |= {"he": "Hebr", "el": "Grek", "hi": "Deva", "th": "Thai"}
# Latin-script languages lingua tells apart in long texts (with a lexicon or not).
_LATIN_LANGUAGES = (
    "ENGLISH GERMAN FRENCH SPANISH ITALIAN PORTUGUESE DUTCH SWEDISH DANISH BOKMAL POLISH CZECH TURKISH "
    "VIETNAMESE INDONESIAN FINNISH HUNGARIAN ROMANIAN CATALAN TAGALOG"
).split()


@dataclass(frozen=True)
class LanguageInfo:
    language: str
    script: str | None
    supported: bool  # a lexicon reads its sentences (ingest/lexicon/languages/)
    confidence: float  # 0..1: the winning share of letters or the detector's confidence; 1 when forced
    method: str  # forced | script | detector | none
    sure: bool = True  # False: a guess the text is too short or too ambiguous to back (ask for the language)
    candidates: tuple[tuple[str, float], ...] = ()  # the detector's best languages with their confidence


def detect_language(*, text: str, forced: str | None) -> LanguageInfo:
    """Detect on a sample of article text; `forced` (e.g. "de", "zh-Hant") wins when given."""
    sample = text[:6000]
    if forced:
        return _info(_normalize_code(code=forced, text=sample), 1.0, "forced")
    return _detect(sample=sample)


def _info(language: str, confidence: float, method: str, **how) -> LanguageInfo:
    return LanguageInfo(
        language=language,
        script=_script(language=language),
        supported=has_lexicon(language=language),
        confidence=round(confidence, 2),
        method=method,
        **how,
    )


def supported_languages() -> tuple[str, ...]:
    """The codes a submission may name: each language with a lexicon, Chinese also by script."""
    codes = [code for code in available_languages() if code != "zh"]
    if "zh" in available_languages():
        codes += ["zh", "zh-Hans", "zh-Hant"]
    return tuple(sorted(codes, key=str.lower))


def has_lexicon(*, language: str) -> bool:
    from ingest.pipeline.grammar import lexicon_code

    return lexicon_code(language=language) in available_languages()


def _normalize_code(*, code: str, text: str) -> str:
    lowered = code.strip().lower().replace("_", "-")
    if lowered in {"zh-hans", "zh-cn", "zh-sg"}:
        return "zh-Hans"
    if lowered in {"zh-hant", "zh-tw", "zh-hk"}:
        return "zh-Hant"
    if lowered == "zh":
        return _chinese_variant(text=text)
    return lowered


def _detect(*, sample: str) -> LanguageInfo:
    """Names say nothing about the language they stand in (`Code Llama 基于 Llama 2`, `Mistral 7B
    utilise RoPE`), so they are taken out first; then non-Latin scripts decide by their share of
    the letters, and the rest goes to the detector."""
    sample = _without_names(text=sample)
    letters = len(_LETTER.findall(sample))
    if not letters:
        return _info("und", 0.0, "none", sure=False)
    kana, hangul = len(_KANA.findall(sample)), len(_HANGUL.findall(sample))
    han, arabic, cyrillic = len(_HAN.findall(sample)), len(_ARABIC.findall(sample)), len(_CYRILLIC.findall(sample))
    if kana > letters * 0.05:
        return _info("ja", (kana + han) / letters, "script")
    if hangul > letters * 0.2:
        return _info("ko", hangul / letters, "script")
    if han > letters * 0.2:
        return _info(_chinese_variant(text=sample), han / letters, "script")
    if arabic > letters * 0.2:
        return _info("ar", arabic / letters, "script")  # Persian and Urdu have no lexicon; forcing tells them apart
    if cyrillic > letters * 0.2:
        return _info("ru", cyrillic / letters, "script")
    vietnamese = len(_VIETNAMESE.findall(sample))
    if vietnamese >= 2 and vietnamese > letters * 0.02:
        return _info("vi", min(1.0, 10 * vietnamese / letters), "script")
    return _latin_language(sample=_URL.sub(" ", sample)[:3000], letters=letters)


def _without_names(*, text: str) -> str:
    """The text with known names (the lexicon) and name-shaped words (GPT-3, LLaMA, RMSNorm) blanked."""
    from ingest.pipeline.lexmatch import lexicon_matcher

    lowered = text.lower()
    latin = lexicon_matcher().patterns[0]  # names written in Latin letters: none is evidence of a language
    spans = [m.span() for m in latin.finditer(lowered)] + [m.span() for m in _NAME_SHAPED.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _latin_language(*, sample: str, letters: int) -> LanguageInfo:
    short = letters < _SHORT_SAMPLE
    values = (_short_detector() if short else _long_detector()).compute_language_confidence_values(sample)
    candidates = tuple((_code(v.language), round(v.value, 2)) for v in values[:3] if v.value > 0)
    if not candidates:
        return _info("und", 0.0, "none", sure=False)
    best, best_value = candidates[0]
    runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
    sure = letters >= _MIN_LETTERS and best_value >= _SURE_SHARE and best_value >= _SURE_LEAD * runner_up
    if sure and short:
        sure = not _foreign(sample=sample, chosen=best)
    return _info(best, best_value, "detector", sure=sure, candidates=candidates)


def _foreign(*, sample: str, chosen: str) -> bool:
    """Whether the broad detector is sure the text is in another language than the short one chose."""
    values = _long_detector().compute_language_confidence_values(sample)
    return bool(values) and values[0].value >= _FOREIGN_SHARE and _code(values[0].language) != chosen


def _code(language) -> str:
    return language.iso_code_639_1.name.lower()


def _chinese_variant(*, text: str) -> str:
    return "zh-Hant" if han_changed_ratio(text=text) > _TRADITIONAL_RATIO else "zh-Hans"


def _script(*, language: str) -> str | None:
    if language == "und":
        return None
    if language.startswith("zh-"):
        return language[3:]
    return _SCRIPTS.get(language, "Latn")


@lru_cache(maxsize=1)
def _short_detector():
    """Only the Latin-script languages that have a lexicon, with lingua's full models: trigrams
    alone misread a five-word sentence (`… est le successeur de …` as Italian). Loading them
    takes about 1.5 s once per process (warm_up does it when a worker starts)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = []
    for code in available_languages():
        iso = getattr(IsoCode639_1, code.upper(), None)
        language = Language.from_iso_code_639_1(iso) if iso is not None else None
        if language is not None and language.name in _LATIN_LANGUAGES:
            languages.append(language)
    return LanguageDetectorBuilder.from_languages(*languages).build()


@lru_cache(maxsize=1)
def _long_detector():
    from lingua import Language, LanguageDetectorBuilder

    # Low accuracy mode reads trigrams only: as good on article-length text and it loads in
    # milliseconds where the full models take seconds per language.
    languages = [getattr(Language, name) for name in _LATIN_LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()

"""Noise removal: spam, placeholders, calls to follow or collect, page chrome, trailing news."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ingest.lexicon.loader import load_rules
from ingest.pipeline.lines import Line

_BULLETS = re.compile(r"^[\s•·●▪◦*\-–—>#]+(?=\S)")


@dataclass(frozen=True)
class NoiseRules:
    spam_reason: str
    spam_min_hits: int
    spam_keywords: tuple[str, ...]
    line_rules: tuple[tuple[str, int, re.Pattern], ...]  # reason, max_chars, pattern
    end_reason: str
    tail_fraction: float
    markers: tuple[tuple[bool, re.Pattern], ...]  # keep_marker, pattern
    chrome_reason: str
    chrome_min: int
    chrome_window: int
    footer_reason: str
    footer_last: int
    footer: re.Pattern


@lru_cache(maxsize=1)
def noise_rules() -> NoiseRules:
    data = load_rules(name="noise")
    spam, end, footer = data["spam"], data["end"], data["footer"]
    return NoiseRules(
        spam_reason=spam["reason"],
        spam_min_hits=int(spam["min_hits"]),
        spam_keywords=tuple(k.lower() for k in spam["keywords"]),
        line_rules=tuple(
            (rule["reason"], int(rule["max_chars"]), _union(patterns=rule["patterns"])) for rule in data["line_rules"]
        ),
        end_reason=end["reason"],
        tail_fraction=float(end["tail_fraction"]),
        markers=tuple((bool(m["keep_marker"]), _union(patterns=m["patterns"])) for m in end["markers"]),
        chrome_reason=end["chrome_cluster"]["reason"],
        chrome_min=int(end["chrome_cluster"]["min_lines"]),
        chrome_window=int(end["chrome_cluster"]["window"]),
        footer_reason=footer["reason"],
        footer_last=int(footer["last_lines"]),
        footer=_union(patterns=footer["patterns"]),
    )


def _union(*, patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def find_noise(*, lines: list[Line]) -> Mapping[int, str]:
    """Index of each noise line in `lines` → the reason it is not article content."""
    rules = noise_rules()
    content = [i for i, line in enumerate(lines) if line.text.strip()]
    reasons: dict[int, str] = {}
    for i in content:
        reason = _line_reason(text=_strip(text=lines[i].text), rules=rules)
        if reason:
            reasons[i] = reason
    end = _article_end(lines=lines, content=content, reasons=reasons, rules=rules)
    if end is not None:
        for i in content:
            if i >= end and i not in reasons:
                reasons[i] = rules.end_reason
    remaining = [i for i in content if i not in reasons]
    for i in remaining[-rules.footer_last :]:
        if rules.footer.search(_strip(text=lines[i].text)):
            reasons[i] = rules.footer_reason
    return reasons


def _strip(*, text: str) -> str:
    return _BULLETS.sub("", text.strip()).strip()


def _line_reason(*, text: str, rules: NoiseRules) -> str | None:
    lowered = text.lower()
    if sum(keyword in lowered for keyword in rules.spam_keywords) >= rules.spam_min_hits:
        return rules.spam_reason
    for reason, max_chars, pattern in rules.line_rules:
        if len(text) <= max_chars and pattern.search(text):
            return reason
    return None


def _article_end(*, lines: list[Line], content: list[int], reasons: dict[int, str], rules: NoiseRules) -> int | None:
    """Line index where trailing non-article material starts, if an end marker is found."""
    if not content:
        return None
    tail_start = content[int(len(content) * (1 - rules.tail_fraction))]
    for position, i in enumerate(content):
        if i < tail_start:
            continue
        text = _strip(text=lines[i].text)
        for keep, pattern in rules.markers:
            if pattern.search(text):
                return i + 1 if keep else i
        window = content[position : position + rules.chrome_window]
        if reasons.get(i) == rules.chrome_reason and _chrome_count(window=window, reasons=reasons, rules=rules):
            return i
    return None


def _chrome_count(*, window: list[int], reasons: dict[int, str], rules: NoiseRules) -> bool:
    return sum(reasons.get(i) == rules.chrome_reason for i in window) >= rules.chrome_min

"""Markup that names no entity: code, URLs, HTML tags and file names are blanked before names are read."""

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.lexicon.loader import load_rules

_FENCE = re.compile(r"^[ \t]{0,12}(`{3,}|~{3,})[^`\n]*$", re.MULTILINE)
_INLINE_CODE = re.compile(r"(?<!`)(`{1,2})(?!`)(?P<code>[^`\n]{1,200}?)(?<!`)\1(?!`)")
# `[text](url "title")`; an image `![alt](src)` is blanked whole (its alt text describes a picture).
_LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\[\]\n]{1,300})\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"\n]*\")?\)"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'`）)\]]+"
    r"|(?<![A-Za-z0-9.@-])(?:[a-z0-9-]+\.)+(?:com|org|co|io|ai|net|edu|gov|cn|tw)/[^\s<>\"'`）)\]]*"
)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]{0,500})?/?>|<!--.*?-->", re.DOTALL)
_SNAKE = re.compile(r"(?<![A-Za-z0-9_.\-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_])")
_DOTTED_CALL = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+(?=\()")
# An inline code span that is a model or repository id (`gpt2`, `bert-base-uncased`,
# `LeoLM/leo-hessianai-7b`) or a short name (`Llama 2`) is read as text; a span with signs of
# code (brackets, `=`, a flag, a path or call, a command) is code.
_ID_SHAPED = re.compile(r"[A-Za-z0-9][\w.\-]*/[A-Za-z0-9][\w.\-]*|[A-Za-z0-9](?:[A-Za-z0-9\-]|\.(?=\d))*")
_CODE_SIGNS = re.compile(
    r"[(){}=;<>\[\]$|&\"'\\#@:/*]|^-|\s-|\.[A-Za-z_]|_"
    r"|^(?:pip|python|python3|git|cd|export|npm|conda|docker|bash|sh|curl|wget|make|sudo|torchrun|accelerate)\b"
)
_LIST_ITEM = re.compile(r"\s*(?:[-*+•]|\d+[.)])\s")
_CODE_CHARS = re.compile(r"[(){}=;\[\]]|^\s*(?:\$ |>>>|#!|import |from |pip |python |git |cd |export )")


@dataclass(frozen=True)
class Link:
    """A Markdown link: its text is read as text, its URL is context (view offsets)."""

    text_start: int
    text_end: int
    url: str


@dataclass(frozen=True)
class Markup:
    prose: str  # the text with code and URLs blanked; same length
    masked: str  # prose with HTML tags, file names and code-shaped words blanked too
    links: tuple[Link, ...]
    urls: tuple[tuple[int, int], ...]  # every URL, in links or bare
    code: tuple[tuple[int, int], ...]  # fenced and indented blocks, inline code that is no id


@dataclass(frozen=True)
class CodeRules:
    identifiers: re.Pattern
    files: re.Pattern


@lru_cache(maxsize=1)
def code_rules() -> CodeRules:
    data = load_rules(name="open_vocabulary")
    identifiers = "|".join(f"(?:{p})" for p in data["code_identifiers"])
    extensions = "|".join(sorted((re.escape(e) for e in data["file_extensions"]), key=len, reverse=True))
    return CodeRules(
        identifiers=re.compile(rf"(?<![A-Za-z0-9_])(?:{identifiers})(?![A-Za-z0-9_])"),
        files=re.compile(rf"(?<![A-Za-z0-9_./\-])[A-Za-z0-9_.\-]*[A-Za-z0-9_]\.(?:{extensions})(?![A-Za-z0-9])"),
    )


@lru_cache(maxsize=2)  # the lowercase and the case-preserved text of the document at hand
def read_markup(text: str) -> Markup:
    """Code first (nothing inside it is a link), then links and URLs, then code-shaped words."""
    rules = code_rules()
    code = _fenced(text=text) + _indented(text=text)
    outside = blank(text=text, spans=code)
    inline = [(m.start(), m.end()) for m in _INLINE_CODE.finditer(outside) if _is_code(code=m.group("code"))]
    code += inline
    outside = blank(text=outside, spans=inline)
    links, urls = _links(text=outside)
    urls += [(m.start(), m.end()) for m in _URL.finditer(blank(text=outside, spans=urls))]
    words = [
        (m.start(), m.end())
        for pattern in (_TAG, rules.files, rules.identifiers, _SNAKE, _DOTTED_CALL)
        for m in pattern.finditer(outside)
    ]
    prose = blank(text=outside, spans=urls)
    return Markup(
        prose=prose,
        masked=blank(text=prose, spans=words),
        links=tuple(links),
        urls=tuple(sorted(urls)),
        code=tuple(sorted(code)),
    )


def _is_code(*, code: str) -> bool:
    code = code.strip()
    if code_rules().identifiers.search(code):
        return True
    if _ID_SHAPED.fullmatch(code):
        return False
    return bool(_CODE_SIGNS.search(code)) or len(code.split()) > 4


def blank(*, text: str, spans: list[tuple[int, int]]) -> str:
    """Spaces over the spans (newlines kept, so lines and offsets stay as they were)."""
    if not spans:
        return text
    parts, position = [], 0
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        parts.append(text[position:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _fenced(*, text: str) -> list[tuple[int, int]]:
    """``` and ~~~ blocks; an unclosed fence runs to the end, as in CommonMark."""
    spans, position = [], 0
    while match := _FENCE.search(text, position):
        fence = match.group(1)
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.MULTILINE)
        close = closing.search(text, match.end())
        end = close.end() if close else len(text)
        spans.append((match.start(), end))
        position = max(end, match.end() + 1)
    return spans


def _indented(*, text: str) -> list[tuple[int, int]]:
    """Blocks indented by four spaces after a blank line, not continuing a list, that look like
    code (mostly ASCII, with brackets, `=` or a shell prompt): indented prose paragraphs stay."""
    spans: list[tuple[int, int]] = []
    block: list[tuple[int, str]] = []
    previous = last = ""  # the line before, and the last non-blank line before that
    start = 0
    for line in [*text.split("\n"), ""]:
        indented = line.startswith(("    ", "\t")) and line.strip() and not _LIST_ITEM.match(line)
        opens = not previous.strip() and not last.startswith((" ", "\t")) and not _LIST_ITEM.match(last)
        if indented and (block or opens):
            block.append((start, line))
        else:
            if block and _looks_like_code(lines=[b for _, b in block]):
                spans.append((block[0][0], block[-1][0] + len(block[-1][1])))
            block = []
        if previous.strip():
            last = previous
        previous, start = line, start + len(line) + 1
    return spans


def _looks_like_code(*, lines: list[str]) -> bool:
    joined = "".join(lines)
    ascii_share = sum(ch.isascii() for ch in joined) / max(1, len(joined))
    return ascii_share >= 0.9 and any(_CODE_CHARS.search(line) for line in lines)


def _links(*, text: str) -> tuple[list[Link], list[tuple[int, int]]]:
    links, urls = [], []
    for match in _LINK.finditer(text):
        if match.group("image"):
            urls.append((match.start(), match.end()))
            continue
        links.append(Link(text_start=match.start("text"), text_end=match.end("text"), url=match.group("url")))
        urls.append((match.end("text") + 1, match.end()))  # `(url)`, brackets included
    return links, urls

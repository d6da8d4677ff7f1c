"""Dataset name shapes: a name with a dataset word (`OpenWebText Corpus`, `KoAlpaca v1.1 데이터셋`,
`OSCAR-2301-Korpus`) or a sample count (`UltraChat-200k` next to a dataset word)."""

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ingest.lexicon.loader import load_rules
from ingest.pipeline.lexmatch import Matcher, match_key
from ingest.pipeline.structure.rules import SEPARATOR_LINE, dataset_column, summary_row

_WORD = r"[A-Z][A-Za-z0-9.+]*(?:-[A-Za-z0-9.+]+)*"
# Markup around a table cell's name: emphasis, code, title brackets, a link's target.
_CELL_MARKUP = re.compile(r"^[\s*_`《「『\[]+|[\s*_`》」』\]]+$|\]\([^)]*\)\s*$")
_NO_NAME = re.compile(r"[。，,;；:：!?！？]|<br|^[\d\s.,%]+$")
_PIPE = re.compile(r"(?<!\\)\|")
# Without a Latin letter, a name this short is a common word (中文, 代码) more often than a dataset.
_SHORT_NON_LATIN = 2
_CELL_NAME_MAX = 40
_COUNT = re.compile(
    r"(?<![A-Za-z0-9_.\-/])(?P<name>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z][A-Za-z0-9]*)*)-\d+(?:\.\d+)?[kKM](?![\w\-])"
)


@dataclass(frozen=True)
class DatasetRules:
    named: re.Pattern  # a capitalised name, then a (singular) dataset word that is part of it
    after: re.Pattern  # a Latin name, then a dataset word of a language written without spaces or in another script
    words: re.Pattern  # any dataset word, to support a count-named candidate
    stop: frozenset[str]
    window: int


@lru_cache(maxsize=1)
def dataset_rules() -> DatasetRules:
    data = load_rules(name="open_vocabulary")["dataset_names"]

    def alternatives(words):
        return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))

    return DatasetRules(
        named=re.compile(
            rf"(?<![A-Za-z0-9_\-])(?P<name>(?:{_WORD} ){{0,3}}{_WORD})[ \-](?:{alternatives(data['heads'])})(?![\w\-])"
        ),
        after=re.compile(
            rf"(?<![A-Za-z0-9_.\-])(?P<name>[A-Za-z][A-Za-z0-9.\-]*(?: [Vv]?\d+(?:\.\d+)*)?)"
            rf" ?(?:{alternatives(data['glued_heads'])})"
        ),
        words=re.compile(rf"(?i:{alternatives(data['words'])})"),
        stop=frozenset(w.lower() for w in data["stop"]),
        window=int(data["window"]),
    )


def dataset_names(*, text: str, matcher: Matcher) -> Iterator[tuple[str, float]]:
    """(surface, confidence) of new dataset names. Precision first: the name must have a part a
    name is made of (a digit, a capital inside, an acronym) or be a known name, and a generic
    first word (Training, Our, The) is no name."""
    rules = dataset_rules()
    for pattern in (rules.named, rules.after):
        for match in pattern.finditer(text):
            name = _without_stop_words(name=match.group("name"), stop=rules.stop)
            if matcher.by_form.get(match_key(text=name)) is not None:
                continue  # `Alpaca 데이터셋`: a known name's data, which the lexicon names when it knows it
            if name and _named(name=name, matcher=matcher):
                start = match.start("name") + match.group("name").index(name)
                yield text[start : match.end()], 0.7
    for match in _COUNT.finditer(text):
        entry = matcher.by_form.get(match_key(text=match.group("name")))
        if entry is not None and entry.label == "Model":
            continue  # `Claude-100k`, a context length
        around = text[max(0, match.start() - rules.window) : match.end() + rules.window]
        if rules.words.search(around) and match.group("name").lower() not in rules.stop:
            yield match.group(0), 0.7


def _without_stop_words(*, name: str, stop: frozenset[str]) -> str:
    words = name.split(" ")
    while words and words[0].lower() in stop:
        words = words[1:]
    return " ".join(words)


def _named(*, name: str, matcher: Matcher) -> bool:
    for word in re.split(r"[\s\-]+", name):
        letters = re.sub(r"[^A-Za-z]", "", word)
        if re.search(r"\d", word) or re.search(r"[a-z][A-Z]", word) or (letters.isupper() and len(letters) >= 2):
            return True
        if len(word) > 2 and matcher.by_form.get(match_key(text=word)) is not None:
            return True
    return False


def table_dataset_names(*, text: str, matcher: Matcher) -> Iterator[tuple[str, float]]:
    """(surface, confidence) of the first cells of a table whose first column is headed by a
    dataset word (`| 資料集 | 資料描述 |`, `| Dataset | Tokens |`): each row names a dataset,
    in whatever script, unless the cell is a sentence, a number or a name the lexicon knows."""
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if not SEPARATOR_LINE.fullmatch(lines[index]) or not dataset_column(header=_first_cell(lines[index - 1])):
            continue
        for line in itertools.takewhile(lambda row: "|" in row, lines[index + 1 :]):
            name = _CELL_MARKUP.sub("", _first_cell(line))
            if not _cell_name(name=name) or name not in line:
                continue
            if matcher.by_form.get(match_key(text=name)) is None:
                yield name, 0.7


def _cell_name(*, name: str) -> bool:
    """A cell that can be a name: not a sentence, a number, a summary row (Total, 合计) or a short
    word of a script without spaces."""
    if not 2 <= len(name) <= _CELL_NAME_MAX or _NO_NAME.search(name) or summary_row(text=name):
        return False
    return bool(re.search(r"[A-Za-z]", name)) or len(name) > _SHORT_NON_LATIN


def _first_cell(line: str) -> str:
    cells = _PIPE.split(line.strip().removeprefix("|"))
    return cells[0].strip() if len(cells) > 1 else ""

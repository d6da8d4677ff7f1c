"""The word lists of structure.yaml and keyvalue.yaml, compiled once per process."""

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.lexicon.loader import load_rules
from ingest.pipeline.segment import key_form, key_pattern
from kg.vocabulary import LineageKind

# Key-value roles whose words also head a table column, besides the relation roles (an author or
# release key like `Source` or `Release` heads links and dates in tables more often than makers).
_TABLE_KV_ROLES = ("paper",)
# `|---|:-:|`, `--- | ---`: cells of dashes (colons for alignment) between pipes.
SEPARATOR_LINE = re.compile(r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?")
# A header's parenthesized note and markup are not part of its words.
_HEADER_NOISE = re.compile(r"[(（\[][^)）\]]*[)）\]]|[*_`:：]")


@dataclass(frozen=True)
class StructureRules:
    role_relations: dict[str, dict[str, str]]  # role → entity label → relation type
    role_kinds: dict[str, str]  # role → the lineage kind its edges carry (architecture)
    columns: dict[str, str]  # key_form(header word) → role ("name" for the subject column)
    arrow: re.Pattern  # any arrow; group "reverse" is set for ← arrows
    arrow_start: re.Pattern  # any arrow, without the context checks: a quick test of a line
    down_arrow: re.Pattern  # a line that is only a downward arrow
    dataset_link: re.Pattern  # a link to a dataset's page
    fine_tune: re.Pattern
    distil: re.Pattern
    negation: re.Pattern
    comparison: re.Pattern
    quantized_suffix: re.Pattern  # a name's trailing quantization / file-format words
    distilled_prefix: re.Pattern  # a name's leading distillation word (DistilBERT)
    dataset_columns: frozenset[str]  # key_form of headers that make a table's first column datasets
    summary_rows: frozenset[str]  # key_form of first cells that sum up a table (Total, 合计)


@lru_cache(maxsize=1)
def structure_rules() -> StructureRules:
    data = load_rules(name="structure")
    keyvalue = load_rules(name="keyvalue")
    role_relations = {role: dict(types) for role, types in keyvalue["role_relations"].items()}
    columns: dict[str, str] = {}
    for role, words in keyvalue["relation_roles"].items():
        columns.update({key_form(text=str(w)): role for w in words})
    for role in _TABLE_KV_ROLES:
        columns.update({key_form(text=str(w)): role for w in keyvalue["roles"][role]})
    for role, words in data["table_columns"].items():
        columns.update({key_form(text=str(w)): role for w in words})
    return StructureRules(
        role_relations=role_relations,
        role_kinds={role: str(LineageKind(kind)) for role, kind in (keyvalue.get("role_kinds") or {}).items()},
        columns=columns,
        arrow=_arrows(forward=data["arrows"], reverse=data["reverse_arrows"]),
        arrow_start=re.compile(
            "|".join(re.escape(a) for a in sorted(data["arrows"] + data["reverse_arrows"] + data["down_arrows"]))
        ),
        down_arrow=re.compile(
            r"[ \t*_>-]*(?:" + "|".join(re.escape(a) for a in data["down_arrows"]) + r")[\ufe0f \t*_]*"
            r"(?:[(（\[][^)）\]\n]{0,40}[)）\]][ \t]*)?"
        ),
        dataset_link=re.compile("|".join(re.escape(part) for part in data["dataset_link_parts"])),
        fine_tune=_words(words=data["fine_tune_words"], end=False),
        distil=_words(words=data["distil_words"], end=False),
        negation=_words(words=data["value_negations"], end=True),
        comparison=_words(words=data["comparison_words"], end=True),
        quantized_suffix=re.compile(rf"(?:[\s\-_.]+(?:{key_pattern(keys=data['quantized_words'])}))+$", re.IGNORECASE),
        # The prefix, then a separator or a name's capital (DistilBERT, DistilmBERT; not Distillation).
        dataset_columns=frozenset(key_form(text=str(w)) for w in data["dataset_columns"]),
        summary_rows=frozenset(key_form(text=str(w)) for w in data["summary_rows"]),
        distilled_prefix=re.compile(
            rf"^(?:{key_pattern(keys=data['distilled_prefixes'])})(?:[\s\-_.]+|(?-i:(?=[^a-z]|[a-z][A-Z])))",
            re.IGNORECASE,
        ),
    )


def role_kind(*, role: str | None) -> str:
    """The lineage kind a key role's edges carry (`Model architecture: X`), else none."""
    return structure_rules().role_kinds.get(role or "", "")


def _arrows(*, forward: list[str], reverse: list[str]) -> re.Pattern:
    """Longest arrow first (`-->` before `->`); `<-` only where it is not part of `<->`."""

    def union(arrows: list[str]) -> str:
        return "|".join(re.escape(a) for a in sorted(arrows, key=len, reverse=True))

    return re.compile(rf"(?P<reverse>{union(reverse)})(?![>\-])|(?<![<\-])(?P<forward>{union(forward)})")


def _words(*, words: list[str], end: bool) -> re.Pattern:
    """Latin (and Cyrillic, Arabic…) words match at a word start, and with `end` also at a word
    end; CJK words anywhere, since those scripts do not separate words."""
    pattern = key_pattern(keys=words)
    tail = r"(?![^\W\d_])" if end else ""
    return re.compile(rf"(?:(?<![^\W\d_])(?:{pattern}){tail})|(?:{_cjk(words=words)})", re.IGNORECASE)


def _cjk(*, words: list[str]) -> str:
    cjk = [w for w in words if re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", w)]
    return key_pattern(keys=cjk) if cjk else r"(?!x)x"


def column_role(*, header: str) -> str | None:
    """The role a table header names: the whole header, or the header with one extra word
    (`Tokenizer used`, `Paper title`) or a trailing parenthesis (`Base model (HF id)`)."""
    columns = structure_rules().columns
    text = _HEADER_NOISE.sub(" ", header).strip().lower()
    if not text:
        return None
    words = text.split()
    candidates = [text]
    if len(words) > 1:
        candidates += [" ".join(words[1:]), " ".join(words[:-1])]
    elif re.fullmatch(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+", text) and len(text) > 2:
        candidates += [text[:-1], text[1:]]  # 训练数据量 (training data amount) is still about data
    for candidate in candidates:
        role = columns.get(key_form(text=candidate, in_view=True))
        if role is not None and (role != "name" or candidate == text):
            return role  # `Model size` is no name column
    return None


def dataset_column(*, header: str) -> bool:
    """A header that makes its column a list of datasets (`Dataset`, `資料集`, `Datensätze`)."""
    text = _HEADER_NOISE.sub(" ", header).strip()
    return bool(text) and key_form(text=text) in structure_rules().dataset_columns


def summary_row(*, text: str) -> bool:
    """A first cell that sums up the rows above it (`Total`, `合计`, `Others`)."""
    return key_form(text=_HEADER_NOISE.sub(" ", text).strip()) in structure_rules().summary_rows


def quantized_name(*, name: str) -> str | None:
    """The name without its trailing quantization or file-format words (`Llama-2-7B-GPTQ` →
    `Llama-2-7B`), or None when it has none."""
    base = structure_rules().quantized_suffix.sub("", name)
    return base if base != name and base.strip(" -_.") else None


def distilled_name(*, name: str) -> str | None:
    """The name without its leading distillation word (`DistilGPT2` → `GPT2`, `distil-whisper` →
    `whisper`), or None when it has none."""
    base = structure_rules().distilled_prefix.sub("", name)
    return base if base != name and base.strip(" -_.") else None

"""Display names of the vocabulary in the interface language; entity names stay as the data has them,
except that a technique or an organization is called by its alias in the interface's script when it
has one (RLHF is 人类反馈强化学习 in the Chinese interface)."""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kg.text import simplified

LABELS = {
    "Model": (_("Model"), _("Models")),
    "Organization": (_("Organization"), _("Organizations")),
    "Technique": (_("Technique"), _("Techniques")),
    "Paper": (_("Paper"), _("Papers")),
    "Dataset": (_("Dataset"), _("Datasets")),
    "Document": (_("Document"), _("Documents")),
}

# Read from the subject: "Alpaca fine-tunes LLaMA".
RELATIONS = {
    "DERIVED_FROM": _("derived from"),
    "FINE_TUNES": _("fine-tunes"),
    "DISTILLED_FROM": _("distilled from"),
    "USES": _("uses"),
    "DEVELOPED_BY": _("developed by"),
    "INTRODUCED_IN": _("introduced in"),
    "PUBLISHED_BY": _("published by"),
    "TRAINED_ON": _("trained on"),
}

# Read from the object, as headings of "what links here": "Used by" on RMSNorm's page.
INCOMING = {
    "DERIVED_FROM": _("Derived from this"),
    "FINE_TUNES": _("Fine-tuned from this"),
    "DISTILLED_FROM": _("Distilled from this"),
    "USES": _("Used by"),
    "DEVELOPED_BY": _("Developed here"),
    "INTRODUCED_IN": _("Introduced here"),
    "PUBLISHED_BY": _("Papers published"),
    "TRAINED_ON": _("Trained on this"),
}

# How a lineage child came from its parent (kg.vocabulary.LineageKind), as a qualifier:
# "fine-tunes LLaMA · instruction tuning".
KINDS = {
    "successor": _("successor"),
    "reimplementation": _("re-implementation"),
    "architecture": _("same architecture"),
    "continued-pretraining": _("continued pre-training"),
    "instruction-tuning": _("instruction tuning"),
    "chat-tuning": _("chat tuning"),
    "rlhf": _("RLHF"),
    "quantized": _("quantized"),
    "merge": _("merge"),
    "adapter": _("adapter"),
    "distillation": _("distillation"),
}

# The kinds that do not start from the parent's weights replace the relation's name, read from the
# child ("successor of Flamingo") and, as headings, from the parent ("Successors").
KIND_RELATIONS = {
    "successor": _("successor of"),
    "reimplementation": _("re-implementation of"),
    "architecture": _("same architecture as"),
}
KIND_INCOMING = {
    "successor": _("Successors"),
    "reimplementation": _("Re-implementations"),
    "architecture": _("Same architecture"),
}

CONFLICTS = {"released-before-parent": _("released before its parent")}

ATTRIBUTES = {
    "parameters": _("Parameters"),
    "layers": _("Layers"),
    "d_model": _("Model width (d_model)"),
    "heads": _("Attention heads"),
    "context_length": _("Context length"),
    "vocab_size": _("Vocabulary size"),
    "training_tokens": _("Training tokens"),
    "released": _("Released"),
    "architecture": _("Architecture"),
    "country": _("Country"),
    "kind": pgettext_lazy("kind of organization", "Kind"),
    "category": _("Category"),
    "title": _("Title"),
    "arxiv_id": _("arXiv id"),
    "url": _("URL"),
    "year": _("Year"),
    "tokens": _("Tokens"),
}

STATUSES = {"proposed": _("unreviewed"), "accepted": _("accepted"), "rejected": _("rejected")}

# A list page's orderings, as its "Sort by" menu names them.
ORDERINGS = {
    "name": _("Name, A to Z"),
    "-name": _("Name, Z to A"),
    "released": _("Released, oldest first"),
    "-released": _("Released, newest first"),
    "parameters": _("Parameters, fewest first"),
    "-parameters": _("Parameters, most first"),
    "models": _("Models, fewest first"),
    "-models": _("Models, most first"),
    "ingested": _("Ingested, oldest first"),
    "-ingested": _("Ingested, newest first"),
}

# --- names in the interface language -----------------------------------------------------------

# Whose alias in the interface's script stands in for the name. A model keeps the name it was released
# under (nobody calls T5 anything else), a paper its title, a dataset its name.
LOCALIZED = frozenset({"Technique", "Organization"})


def _han(text: str) -> bool:
    """Is every letter of text a Han character? "谷歌" and "人类反馈强化学习" are, "GPT-4 技术报告"
    and "グーグル" (kana) are not."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(unicodedata.name(ch, "").startswith("CJK ") for ch in letters)


# An interface language → does an alias read in it. A script test, not language detection: an alias
# is a word or two, too short for a detector (lingua) to tell reliably, while its script is certain.
# Only languages written in a script of their own are listed: the German interface reads the Latin
# names the data has, and an alias in Latin letters cannot be told German from English by its script.
_READS = {"zh-hans": _han}


def shown_name(*, label: str, name: str, aliases: tuple[str, ...], language: str | None) -> str:
    """The name to show in the interface language: the data's name, or for a technique or an
    organization whose name is not in the interface's script, its alias in that script when it has
    one (already simplified first in the Simplified Chinese interface, then the shortest)."""
    reads = _READS.get((language or "").lower())
    if label not in LOCALIZED or reads is None or reads(name):
        return name
    fitting = sorted((a for a in aliases if reads(a) and not is_url(a)), key=lambda a: (simplified(a) != a, len(a), a))
    return fitting[0] if fitting else name


# A web address among the aliases (a source's URL taken for a name): not a name anybody writes, and a
# long unbreakable word on a phone. "llama.cpp" and "arXiv:1910.10683" are names, not addresses.
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*$", re.IGNORECASE)


def is_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


def other_aliases(*, shown: str, aliases: tuple[str, ...]) -> list[str]:
    """The aliases to list beside the shown name: not the shown name itself, and no web addresses."""
    return [a for a in aliases if a != shown and not is_url(a)]

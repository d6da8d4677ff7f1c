"""Display names of the vocabulary in the interface language; entity names stay as the data has them."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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

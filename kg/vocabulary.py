"""The graph's vocabulary (shared/ONTOLOGY.md) as allow-lists: the only source of labels and types."""

from enum import StrEnum


class Label(StrEnum):
    MODEL = "Model"
    ORGANIZATION = "Organization"
    TECHNIQUE = "Technique"
    PAPER = "Paper"
    DATASET = "Dataset"

    @property
    def plural_slug(self) -> str:
        return {"Technique": "techniques", "Dataset": "datasets"}.get(self.value, self.value.lower() + "s")

    @classmethod
    def from_plural_slug(cls, slug: str) -> "Label":
        for label in cls:
            if label.plural_slug == slug:
                return label
        raise ValueError(slug)


class RelType(StrEnum):
    DERIVED_FROM = "DERIVED_FROM"
    FINE_TUNES = "FINE_TUNES"
    DISTILLED_FROM = "DISTILLED_FROM"
    USES = "USES"
    DEVELOPED_BY = "DEVELOPED_BY"
    INTRODUCED_IN = "INTRODUCED_IN"
    PUBLISHED_BY = "PUBLISHED_BY"
    TRAINED_ON = "TRAINED_ON"

    @property
    def kebab(self) -> str:
        return self.value.lower().replace("_", "-")

    @classmethod
    def from_kebab(cls, text: str) -> "RelType":
        return cls(text.strip().upper().replace("-", "_"))


# A Document's edges are not facts (no claims, nothing to curate): any entity is MENTIONED_IN the
# documents that name it. A Paper's edge to a document that is the paper's own text (a submission
# gave its arXiv id) carries PAPER_TEXT = true; the document keeps the id as its `arxiv_id`.
MENTIONED_IN = "MENTIONED_IN"
PAPER_TEXT = "paper_text"

LINEAGE_TYPES: tuple[RelType, ...] = (RelType.DERIVED_FROM, RelType.FINE_TUNES, RelType.DISTILLED_FROM)


class LineageKind(StrEnum):
    """How a lineage edge's child came from its parent, where the text says it (like the Hugging
    Face hub's `base_model_relation`). Empty when the text only says "based on"."""

    SUCCESSOR = "successor"  # the next model of a series, trained anew (GPT-3 after GPT-2)
    REIMPLEMENTATION = "reimplementation"  # a replica trained from scratch (OPT of GPT-3)
    ARCHITECTURE = "architecture"  # the same architecture, its own weights
    CONTINUED_PRETRAINING = "continued-pretraining"
    INSTRUCTION_TUNING = "instruction-tuning"
    CHAT_TUNING = "chat-tuning"
    RLHF = "rlhf"
    QUANTIZED = "quantized"
    MERGE = "merge"
    ADAPTER = "adapter"  # LoRA and other adapters
    DISTILLATION = "distillation"

    @property
    def inherits_weights(self) -> bool:
        """A weight descendant starts from its parent's weights; a successor, a re-implementation
        or a model of the same architecture does not, and pages draw it apart."""
        return self not in _NOT_WEIGHTS


_NOT_WEIGHTS = frozenset({LineageKind.SUCCESSOR, LineageKind.REIMPLEMENTATION, LineageKind.ARCHITECTURE})
LINEAGE_KIND_CHOICES: tuple[str, ...] = tuple(kind.value for kind in LineageKind)


def inherits_weights(kind: str | None) -> bool:
    """Whether a lineage edge of this kind (None or "" when unsaid, an unknown value alike) starts
    from its parent's weights; only the kinds that say otherwise do not."""
    try:
        return LineageKind(kind).inherits_weights
    except ValueError:
        return True


class Conflict(StrEnum):
    """Why sync holds a fact for review whatever its confidence (until a curator decides)."""

    RELEASED_BEFORE_PARENT = "released-before-parent"  # the child came out before its parent


# Which (subject, object) label pairs each relation type may join (shared/ONTOLOGY.md): the one
# allow-list the pipeline extracts by, the loader refuses documents by and curation checks.
ENDPOINTS: dict[RelType, frozenset[tuple[Label, Label]]] = {
    RelType.DERIVED_FROM: frozenset({(Label.MODEL, Label.MODEL), (Label.TECHNIQUE, Label.TECHNIQUE)}),
    RelType.FINE_TUNES: frozenset({(Label.MODEL, Label.MODEL)}),
    RelType.DISTILLED_FROM: frozenset({(Label.MODEL, Label.MODEL)}),
    RelType.USES: frozenset({(Label.MODEL, Label.TECHNIQUE), (Label.TECHNIQUE, Label.TECHNIQUE)}),
    RelType.DEVELOPED_BY: frozenset(
        {(Label.MODEL, Label.ORGANIZATION), (Label.TECHNIQUE, Label.ORGANIZATION), (Label.DATASET, Label.ORGANIZATION)}
    ),
    RelType.INTRODUCED_IN: frozenset(
        {(Label.MODEL, Label.PAPER), (Label.TECHNIQUE, Label.PAPER), (Label.DATASET, Label.PAPER)}
    ),
    RelType.PUBLISHED_BY: frozenset({(Label.PAPER, Label.ORGANIZATION)}),
    RelType.TRAINED_ON: frozenset({(Label.MODEL, Label.DATASET)}),
}


def allows(rel: str, subject_label: str, object_label: str) -> bool:
    """Whether the vocabulary lets `rel` join a `subject_label` to an `object_label`; plain strings
    ("FINE_TUNES", "Model") do as well as the enums, and an unknown type or label is never allowed."""
    return (subject_label, object_label) in ENDPOINTS.get(rel, ())


class Status(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


# Numeric and text attributes a node may carry, per label; anything else is ignored on load.
ATTRIBUTES: dict[Label, tuple[str, ...]] = {
    Label.MODEL: (
        "parameters",
        "layers",
        "d_model",
        "heads",
        "context_length",
        "vocab_size",
        "training_tokens",
        "released",
        "architecture",
    ),
    Label.ORGANIZATION: ("country", "kind"),
    Label.TECHNIQUE: ("category",),
    Label.PAPER: ("title", "arxiv_id", "url", "year"),
    Label.DATASET: ("tokens",),
}

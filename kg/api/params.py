"""Query-parameter and body validation: what a request may ask, checked before any selector runs."""

import re

from rest_framework import serializers

from kg.api.pagination import BY_DOCUMENT_POSITION, BY_KEY, SORTED_BY_VALUE, decode_cursor
from kg.repository.queries import LINEAGE_MAX_DEPTH
from kg.vocabulary import LINEAGE_TYPES, Label, RelType, Status

KEY_MAX = 200
LIST_LIMIT_MAX = 200
LINEAGE_TYPE_CHOICES = [t.kebab for t in LINEAGE_TYPES]
RELATION_TYPE_CHOICES = [t.kebab for t in RelType]
STATUS_CHOICES = [s.value for s in Status]
SEARCH_LABEL_CHOICES = [label.value.lower() for label in Label]
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _key(help_text: str) -> serializers.CharField:
    return serializers.CharField(required=False, max_length=KEY_MAX, help_text=help_text)


class _Paged(serializers.Serializer):
    """limit + cursor; `scope` and `shape` say which list a cursor belongs to and what it holds."""

    limit = serializers.IntegerField(min_value=1, max_value=LIST_LIMIT_MAX, default=50)
    cursor = serializers.CharField(required=False, max_length=2000, help_text="the `cursor` of the previous page")
    shape: tuple[type, ...] = BY_KEY

    def scope(self, attrs: dict) -> str:
        return type(self).__name__

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        cursor = attrs.pop("cursor", None)
        attrs["after"] = decode_cursor(cursor, scope=self.scope(attrs), shape=self.shape) if cursor else None
        return attrs


class _Listing(_Paged):
    """What every entity and document list accepts."""

    shape = SORTED_BY_VALUE
    q = serializers.CharField(required=False, max_length=200, help_text="name or alias prefix, case-insensitive")
    fields = serializers.CharField(required=False, max_length=500, help_text="comma-separated fields to return")
    allowed_fields: tuple[str, ...] = ()

    def scope(self, attrs: dict) -> str:
        # A cursor made under one ordering means nothing under another.
        return f"{type(self).__name__}:{attrs['ordering']}"

    def validate_fields(self, value: str) -> list[str]:
        names = [name.strip() for name in value.split(",") if name.strip()]
        unknown = sorted(set(names) - set(self.allowed_fields))
        if unknown:
            raise serializers.ValidationError(
                f"unknown fields: {', '.join(unknown)}; choose from {', '.join(self.allowed_fields)}"
            )
        return names


ENTITY_FIELDS = ("key", "label", "name", "aliases", "properties", "url")
DOCUMENT_FIELDS = ("key", "title", "language", "sha256", "chars", "ingested_at", "url")


class EntityListParams(_Listing):
    ordering = serializers.ChoiceField(choices=["name", "-name"], default="name")
    allowed_fields = ENTITY_FIELDS


class _OrganizationFilter(EntityListParams):
    organization = _key("key of the organization that developed (or, for papers, published) it")


class OrganizationListParams(EntityListParams):
    pass


class PaperListParams(_OrganizationFilter):
    pass


class DatasetListParams(_OrganizationFilter):
    pass


class TechniqueListParams(_OrganizationFilter):
    technique = _key("key of a technique it uses")


class ModelListParams(TechniqueListParams):
    ordering = serializers.ChoiceField(
        choices=["name", "-name", "released", "-released", "parameters", "-parameters"], default="name"
    )
    released_from = serializers.IntegerField(required=False, min_value=1900, max_value=2200, help_text="year")
    released_to = serializers.IntegerField(required=False, min_value=1900, max_value=2200, help_text="year")
    parameters_min = serializers.FloatField(required=False, min_value=0, max_value=1e16)
    parameters_max = serializers.FloatField(required=False, min_value=0, max_value=1e16)


ENTITY_LIST_PARAMS: dict[Label, type[EntityListParams]] = {
    Label.MODEL: ModelListParams,
    Label.ORGANIZATION: OrganizationListParams,
    Label.TECHNIQUE: TechniqueListParams,
    Label.PAPER: PaperListParams,
    Label.DATASET: DatasetListParams,
}


class DocumentListParams(_Listing):
    ordering = serializers.ChoiceField(choices=["-ingested", "ingested", "name", "-name"], default="-ingested")
    language = serializers.CharField(required=False, max_length=16, help_text="e.g. zh-Hans, de")
    allowed_fields = DOCUMENT_FIELDS


class RelationListParams(_Paged):
    type = serializers.ChoiceField(choices=RELATION_TYPE_CHOICES, required=False)
    subject = _key("key of the subject entity")
    object = _key("key of the object entity")
    status = serializers.ChoiceField(choices=STATUS_CHOICES, required=False)


class EvidenceParams(_Paged):
    shape = BY_DOCUMENT_POSITION
    status = serializers.ChoiceField(choices=STATUS_CHOICES, required=False)

    def scope(self, attrs: dict) -> str:
        # The cursor is tied to the entity too: its position means nothing in another's evidence.
        return f"evidence:{self.context.get('key', '')}"


def _lineage_types(value: str) -> list[str]:
    types = [t.strip() for t in value.split(",") if t.strip()]
    unknown = [t for t in types if t not in LINEAGE_TYPE_CHOICES]
    if unknown:
        raise serializers.ValidationError(f"unknown lineage types: {', '.join(unknown)}")
    return types


class LineageParams(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down", "both"], default="both")
    depth = serializers.IntegerField(min_value=1, max_value=LINEAGE_MAX_DEPTH, default=3)
    types = serializers.CharField(
        required=False, max_length=200, help_text="comma-separated: derived-from,fine-tunes,distilled-from"
    )
    unreviewed = serializers.BooleanField(default=True, help_text="include facts no curator has reviewed")

    def validate_types(self, value: str) -> list[str]:
        return _lineage_types(value)


class PathParams(serializers.Serializer):
    # "from" is a Python keyword: the field is declared as `source`, exposed as "from", validated as "source".
    source = serializers.CharField(max_length=KEY_MAX, help_text="key of one end")
    to = serializers.CharField(max_length=KEY_MAX, help_text="key of the other end")
    types = serializers.CharField(
        required=False, max_length=200, help_text="comma-separated: derived-from,fine-tunes,distilled-from"
    )
    unreviewed = serializers.BooleanField(default=True, help_text="include facts no curator has reviewed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = self.fields.pop("source")

    def validate_types(self, value: str) -> list[str]:
        return _lineage_types(value)


class SearchParams(serializers.Serializer):
    q = serializers.CharField(max_length=200, trim_whitespace=True)
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)
    label = serializers.MultipleChoiceField(
        choices=SEARCH_LABEL_CHOICES, required=False, help_text="only these labels (repeatable)"
    )


class UnreviewedParams(serializers.Serializer):
    unreviewed = serializers.BooleanField(default=True, help_text="include facts no curator has reviewed")


class ExportParams(serializers.Serializer):
    format = serializers.ChoiceField(choices=["json", "csv", "graphml"], default="json")


class SubmissionIn(serializers.Serializer):
    """A document to ingest: its text (JSON) or a file (multipart), with optional metadata."""

    text = serializers.CharField(required=False, trim_whitespace=False, help_text="plain text, Markdown or HTML")
    file = serializers.FileField(required=False, help_text="multipart upload instead of text")
    title = serializers.CharField(required=False, max_length=300, default="")
    language = serializers.CharField(required=False, max_length=16, default="", help_text="detected when empty")
    arxiv_id = serializers.CharField(required=False, max_length=200, default="", help_text="2005.14165 or a URL")

    def validate_language(self, value: str) -> str:
        if value and not _LANGUAGE.match(value):
            raise serializers.ValidationError("a language tag such as en, de, zh-Hans")
        return value

    def validate(self, attrs: dict) -> dict:
        if bool(attrs.get("text")) == bool(attrs.get("file")):
            raise serializers.ValidationError("send either 'text' or 'file', not both and not neither")
        return attrs

"""Query-parameter and body validation: what a request may ask, checked before any selector runs.

Every rule is one the OpenAPI schema can state (choices, ranges, lengths, patterns), so what the
schema allows the API accepts, and what it forbids the API refuses with 400.
"""

import re

from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import ControlCharactersRefused
from api.pagination import BY_DOCUMENT_POSITION, BY_KEY, CURSOR_PATTERN, SORTED_BY_VALUE, decode_cursor
from ingest.models import Submission
from ingest.pipeline.language import supported_languages
from kg.cursors import fact_evidence_scope, list_scope
from kg.repository import LINEAGE_MAX_DEPTH
from kg.vocabulary import LINEAGE_TYPES, Label, RelType, Status

KEY_MAX = 200
LIST_LIMIT_MAX = 200
LINEAGE_TYPE_CHOICES = [t.kebab for t in LINEAGE_TYPES]
RELATION_TYPE_CHOICES = [t.kebab for t in RelType]
STATUS_CHOICES = [s.value for s in Status]
SEARCH_LABEL_CHOICES = [label.value.lower() for label in Label]
ENTITY_FIELDS = (
    "key",
    "label",
    "name",
    "aliases",
    "properties",
    "organizations",
    "parents",
    "descendants",
    "models",
    "sources",
    "url",
)
LIST_FORMATS = ("json", "csv")
DOCUMENT_FIELDS = ("key", "title", "language", "sha256", "chars", "ingested_at", "url")
# Patterns are written for both Python and ECMA regex engines (the schema's readers use the latter).
# Blank is allowed by the fields themselves (the schema says "or empty"), so patterns never match "".
# An arXiv id starts with its year and month (YYMM): the schema says so; ingest.validation checks it.
_YYMM = r"\d{2}(0[1-9]|1[0-2])"
_ARXIV_ID = rf"({_YYMM}\.\d{{4,5}}|[a-z-]+(\.[A-Z]{{2}})?/{_YYMM}\d{{3}})(v\d+)?"
_ARXIV = rf"^((arXiv:)?{_ARXIV_ID}|https://arxiv\.org/(abs|pdf)/{_ARXIV_ID}(\.pdf)?)$"


def _comma_list(names: list[str] | tuple[str, ...]) -> str:
    choice = "|".join(names)
    return rf"^({choice})(,({choice}))*$"


class FreeText(serializers.CharField):
    """Text that goes only into query parameters or the pipeline: a NUL is just a character there,
    and it arrives untrimmed (what counts as whitespace differs between Python and the schema's regex)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


def _key(help_text: str) -> serializers.CharField:
    return FreeText(required=False, max_length=KEY_MAX, help_text=help_text)


def _comma_separated(names: list[str] | tuple[str, ...], help_text: str) -> serializers.CharField:
    return serializers.CharField(
        required=False, max_length=500, validators=[RegexValidator(_comma_list(names))], help_text=help_text
    )


class _Paged(serializers.Serializer):
    """limit + cursor; `scope` and `shape` say which list a cursor belongs to and what it holds."""

    limit = serializers.IntegerField(min_value=1, max_value=LIST_LIMIT_MAX, default=50)
    cursor = serializers.CharField(
        required=False,
        max_length=2000,
        validators=[RegexValidator(CURSOR_PATTERN)],
        help_text="the `cursor` of the previous page (opaque)",
    )
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
    kind = ""  # the list: a label's plural slug or "documents" (the pages make the same cursors)
    q = FreeText(required=False, max_length=200, help_text="name or alias prefix, case-insensitive")
    format = serializers.ChoiceField(
        choices=list(LIST_FORMATS),
        default="json",
        help_text="json: the page with `next` and `cursor`; csv: the same page as a table "
        "(nested values joined with '; '), the next page's URL in the Link header",
    )

    def scope(self, attrs: dict) -> str:
        # A cursor made under one ordering means nothing under another.
        return list_scope(self.kind, attrs["ordering"])

    def validate_fields(self, value: str) -> list[str]:
        return value.split(",")


class EntityListParams(_Listing):
    ordering = serializers.ChoiceField(choices=["name", "-name"], default="name")
    fields = _comma_separated(ENTITY_FIELDS, "fields to return, comma-separated; `key` always comes")


class _OrganizationFilter(EntityListParams):
    organization = _key("key, name or alias of the organization that developed (or, for papers, published) it")


def _by_models() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=["name", "-name", "models", "-models"],
        default="name",
        help_text="models: how many models link to it (developed by, use, introduced in, trained on)",
    )


class OrganizationListParams(EntityListParams):
    kind = Label.ORGANIZATION.plural_slug
    ordering = _by_models()


class PaperListParams(_OrganizationFilter):
    kind = Label.PAPER.plural_slug
    ordering = _by_models()


class DatasetListParams(_OrganizationFilter):
    kind = Label.DATASET.plural_slug
    ordering = _by_models()


class TechniqueListParams(_OrganizationFilter):
    kind = Label.TECHNIQUE.plural_slug
    ordering = _by_models()
    technique = _key("key, name or alias of a technique it uses")


class ModelListParams(TechniqueListParams):
    kind = Label.MODEL.plural_slug
    ordering = serializers.ChoiceField(
        choices=["name", "-name", "released", "-released", "parameters", "-parameters"], default="name"
    )
    has_lineage = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only models with a lineage parent or child; false: only models with neither",
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
    kind = "documents"
    ordering = serializers.ChoiceField(choices=["-ingested", "ingested", "name", "-name"], default="-ingested")
    language = FreeText(required=False, max_length=16, help_text="e.g. zh-Hans, de")
    fields = _comma_separated(DOCUMENT_FIELDS, "fields to return, comma-separated; `key` always comes")


class RelationListParams(_Paged):
    type = serializers.ChoiceField(choices=RELATION_TYPE_CHOICES, required=False)
    subject = _key("key of the subject entity (an alias or a merged-away key means that entity)")
    object = _key("key of the object entity (an alias or a merged-away key means that entity)")
    status = serializers.ChoiceField(choices=STATUS_CHOICES, required=False)
    document = _key("key of a document: only the facts it states (or a curator cited it for)")
    unreviewed = serializers.BooleanField(
        default=True, help_text="false: leave out proposed facts (those no curator or rule has decided)"
    )


class EvidenceParams(_Paged):
    shape = BY_DOCUMENT_POSITION
    status = serializers.ChoiceField(choices=STATUS_CHOICES, required=False)

    def scope(self, attrs: dict) -> str:
        # The cursor is tied to the entity too: its position means nothing in another's evidence.
        return f"evidence:{self.context.get('key', '')}"


class FactEvidenceParams(_Paged):
    shape = BY_DOCUMENT_POSITION

    def scope(self, attrs: dict) -> str:
        return fact_evidence_scope(self.context.get("key", ""))


class _LineageTypes(serializers.Serializer):
    types = _comma_separated(LINEAGE_TYPE_CHOICES, "comma-separated: derived-from,fine-tunes,distilled-from")
    unreviewed = serializers.BooleanField(default=True, help_text="include facts no curator has reviewed")

    def validate_types(self, value: str) -> list[str]:
        return value.split(",")


class LineageParams(_LineageTypes):
    direction = serializers.ChoiceField(choices=["up", "down", "both"], default="both")
    depth = serializers.IntegerField(min_value=1, max_value=LINEAGE_MAX_DEPTH, default=3)


class PathParams(_LineageTypes):
    # "from" is a Python keyword: the field is declared as `source`, exposed as "from", validated as "source".
    source = _key("key of one end")
    to = _key("key of the other end")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = self.fields.pop("source")
        for name in ("from", "to"):
            self.fields[name].required = True


class SearchParams(serializers.Serializer):
    # Trimmed, and the pattern says why: Python's \S and str.strip() agree on what whitespace is.
    q = FreeText(max_length=200, trim_whitespace=True, validators=[RegexValidator(r"\S")], help_text="what to look for")
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)
    label = serializers.MultipleChoiceField(
        choices=SEARCH_LABEL_CHOICES, required=False, help_text="only these labels (repeatable)"
    )


class WithdrawParams(serializers.Serializer):
    dry_run = serializers.BooleanField(
        default=False, help_text="list what withdrawing would remove and keep, and change nothing"
    )


class UnreviewedParams(serializers.Serializer):
    unreviewed = serializers.BooleanField(default=True, help_text="include facts no curator has reviewed")


class NeighbourhoodParams(UnreviewedParams):
    hops = serializers.IntegerField(
        min_value=1, max_value=2, default=1, help_text="1: direct neighbours; 2: theirs too"
    )
    type = serializers.MultipleChoiceField(
        choices=RELATION_TYPE_CHOICES,
        required=False,
        help_text="only relations of these types (repeatable); all when absent",
    )
    min_confidence = serializers.FloatField(
        required=False,
        min_value=0,
        max_value=1,
        help_text="with unreviewed=true, only the unreviewed facts at least this confident (the pages use this)",
    )

    def validate_type(self, value) -> list[str]:
        return sorted(value)


class ExportParams(serializers.Serializer):
    format = serializers.ChoiceField(choices=["json", "csv", "graphml"], default="json")


class StrictText(FreeText):
    """A JSON string and nothing else: 0 or true is not a title."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


# A subset of what ingest.validation.webhook_check takes (Django's URLValidator, http or https), so a
# schema-valid webhook is never refused.
@extend_schema_field(
    {
        "type": "string",
        "maxLength": 500,
        "pattern": r"^(https?://[a-z0-9]+(\.[a-z0-9]+)*\.[a-z]{2,6}(/[A-Za-z0-9._~-]*)*)?$",
    }
)
class WebhookText(StrictText):
    """An http(s) URL or empty; ingest.validation checks it with the form's rules and message."""


@extend_schema_field({"type": "string", "enum": ["", *supported_languages()]})
class LanguageText(StrictText):
    """A language code; the schema lists the supported ones, ingest.validation checks it (its message
    names them) so the API and the admin form refuse alike."""


@extend_schema_field({"type": "string", "pattern": _ARXIV})
class ArxivText(StrictText):
    """An arXiv id or URL; checked by ingest.validation (shape and month) like the admin form's."""


class _SubmissionMetadata(ControlCharactersRefused, serializers.Serializer):
    # Only types are checked here: the rules and their messages are ingest.validation's, shared with the admin.
    title = StrictText(required=False, allow_blank=True, default="", help_text="at most 300 characters")
    language = LanguageText(
        required=False,
        allow_blank=True,
        default="",
        help_text="a supported language code (en, de, zh-Hans …); detected when empty, and asked for when the "
        "text is too short to tell",
    )
    arxiv_id = ArxivText(
        required=False,
        allow_blank=True,
        default="",
        help_text="2005.14165, arXiv:2005.14165 or https://arxiv.org/abs/2005.14165: the Paper this document is",
    )
    supersedes = StrictText(
        required=False,
        allow_blank=True,
        max_length=300,
        default="",
        help_text="the key of a document this one revises (a submission's or a seed's): its statements are "
        "replaced, curators' decisions stay",
    )
    force = serializers.BooleanField(
        required=False,
        default=False,
        help_text="submit even when a document already has this text (otherwise 409 names that document)",
    )
    webhook = WebhookText(
        required=False,
        allow_blank=True,
        default="",
        help_text="an http(s) URL POSTed a JSON body ({event: job.ended, job: {id, url, state, document, error, "
        "warning, finished_at}}) when the job ends: done, failed or cancelled; a few attempts, each with a timeout",
    )


class SubmissionTextIn(_SubmissionMetadata):
    """JSON: the document's text (plain, Markdown or HTML)."""

    text = StrictText(
        required=False, allow_blank=True, default="", help_text="plain text, Markdown or HTML; required in JSON"
    )


class SubmissionFileIn(_SubmissionMetadata):
    """multipart/form-data: the document as a file, in any common encoding (a `text` as well is refused)."""

    file = serializers.FileField(required=False, allow_empty_file=True, help_text="the document as a file")


@extend_schema_field({"type": "string", "enum": list(supported_languages())})
class RerunLanguage(StrictText):
    """A supported language code; an unsupported one gets ingest.validation's message."""


class JobListParams(_Paged):
    # The cursor holds the last job's id (newest first), as text like every cursor's last value.
    state = serializers.ChoiceField(
        choices=Submission.State.values, required=False, help_text="only jobs in this state"
    )

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        after = attrs.pop("after")
        if after is not None and not re.fullmatch(r"[0-9]{1,18}", after[0]):  # not isdigit(): '²' is a digit
            raise serializers.ValidationError({"cursor": ["Invalid cursor: use the 'next' link of an earlier page."]})
        attrs["after_id"] = int(after[0]) if after else None
        return attrs


class RerunIn(serializers.Serializer):
    language = RerunLanguage(help_text="the language to read the document as")


LOOKUP_MAX = 100


class EntityLookupParams(serializers.Serializer):
    keys = FreeText(
        max_length=LOOKUP_MAX * (KEY_MAX + 1),
        validators=[
            RegexValidator(
                rf"^[^,]{{1,{KEY_MAX}}}(,[^,]{{1,{KEY_MAX}}}){{0,{LOOKUP_MAX - 1}}}$",
                f"1 to {LOOKUP_MAX} keys of 1 to {KEY_MAX} characters, comma-separated.",
            )
        ],
        help_text=f"up to {LOOKUP_MAX} keys, comma-separated; each may be an alias, another case or a merged-away key",
    )

    def validate_keys(self, value: str) -> list[str]:
        return value.split(",")


class NoParams(serializers.Serializer):
    """An endpoint that takes no query parameter: any one given is refused by name."""


def validated(params: type[serializers.Serializer], request, **context) -> tuple[dict, serializers.Serializer]:
    """The request's query parameters checked by `params`, strictly: a parameter the endpoint does not
    take, or a known one given twice or left blank, is an error naming it, not a silently ignored
    filter or a silent default (the schema allows none of these).

    Checked once per request: a conditional GET checks them before the version lookup and the
    view asks again for the values.
    """
    memo = request.__dict__.setdefault("_kg_validated", {})
    memo_key = (params, tuple(sorted(context.items())))
    if memo_key not in memo:
        memo[memo_key] = _validate(params, request, context)
    return memo[memo_key]


def _validate(params: type[serializers.Serializer], request, context: dict) -> tuple[dict, serializers.Serializer]:
    checker = params(data=request.query_params, context=context)
    known = ", ".join(sorted(checker.fields)) or "none"
    errors = {
        name: [f"Unknown parameter; this endpoint takes: {known}."]
        for name in request.query_params
        if name not in checker.fields
    }
    for name, field in checker.fields.items():
        values = request.query_params.getlist(name)
        if len(values) > 1 and not isinstance(field, serializers.MultipleChoiceField):
            errors[name] = ["Give this parameter once."]
        elif values and any(value == "" for value in values):
            errors[name] = ["This parameter may not be blank."]
    if errors:
        raise serializers.ValidationError(errors)
    checker.is_valid(raise_exception=True)
    return checker.validated_data, checker

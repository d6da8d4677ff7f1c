"""Forms of the curation admin: what a curator may type, validated before any graph call."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kg import selectors
from kg.errors import EntityNotFound, GraphError
from kg.validators import ControlCharactersRefused
from kg.vocabulary import Label, RelType, Status

TYPE_CHOICES = [(t.kebab, t.kebab) for t in RelType]
STORED_TYPES = {t.value: t.kebab for t in RelType}
ORDER_CHOICES = [
    ("-confidence", _("most confident first")),
    ("confidence", _("least confident first")),
    ("-date", _("newest first")),
    ("date", _("oldest first")),
]
STATUS_CHOICES = [("", _("any status")), *[(s.value, _(s.value)) for s in Status]]


def aliases_from_text(text: str) -> list[str]:
    """One alias a line (commas also separate), blanks dropped."""
    return [part.strip() for line in text.splitlines() for part in line.split(",") if part.strip()]


class EntityKeyField(forms.CharField):
    """An entity's key, or anything that names exactly one entity (an alias, a merged-away key, the
    key in another case): cleaned to the canonical key. The widget asks the admin's autocomplete."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        source = reverse_lazy("admin:curation_curatedentity_autocomplete")
        return {**super().widget_attrs(widget), "data-autocomplete": source, "autocomplete": "off"}

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return text
        try:
            return selectors.entity_locate(key=text).key
        except EntityNotFound:
            raise forms.ValidationError(
                _("No entity has the key, alias or name “%(text)s”."), code="unknown", params={"text": text}
            ) from None
        except GraphError:
            raise forms.ValidationError(_("The graph database is unavailable; try again shortly.")) from None


class ReviewFilterForm(forms.Form):
    """The queue's filters, from the address: a value that does not parse is an error to show, never
    a filter quietly dropped (that would widen what a bulk action touches)."""

    document = forms.CharField(required=False, label=_("document"))
    type = forms.ChoiceField(choices=[("", _("any type")), *TYPE_CHOICES], required=False, label=_("type"))
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False, initial="proposed", label=_("status"))
    min_confidence = forms.FloatField(min_value=0, max_value=1, required=False, label=_("confidence from"))
    max_confidence = forms.FloatField(min_value=0, max_value=1, required=False, label=_("confidence to"))
    entity = EntityKeyField(required=False, label=_("entity key"))
    order = forms.ChoiceField(choices=ORDER_CHOICES, required=False, label=_("order"))
    new_evidence = forms.TypedChoiceField(
        choices=[("", _("any")), ("true", _("new evidence since decided")), ("false", _("none"))],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
        label=_("new evidence"),
    )
    p = forms.IntegerField(min_value=1, required=False, label=_("page"))

    def __init__(self, data=None, **kwargs):
        if data is not None and data.get("type") in STORED_TYPES:
            data = data.copy()  # a type by its stored name (FINE_TUNES, in older links) is that type
            data["type"] = STORED_TYPES[data["type"]]
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        low, high = data.get("min_confidence"), data.get("max_confidence")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("The lowest confidence is above the highest."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in self.fields if k not in ("p", "order") and data.get(k) not in (None, "")}

    def ordering(self) -> str:
        return self.cleaned_data.get("order") or "-confidence"

    def errors_listed(self) -> list[str]:
        """Every error as one line naming its field, for the message above the queue."""
        lines = [str(e) for e in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name != "__all__":
                lines += [f"{self.fields[name].label}: {e}" for e in errors]
        return lines


class AttributeFilterForm(forms.Form):
    """The attribute values' filters; as for facts, a value that does not parse is an error to show."""

    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False, initial="proposed", label=_("status"))
    entity = EntityKeyField(required=False, label=_("entity key"))
    document = forms.CharField(required=False, label=_("document"))
    p = forms.IntegerField(min_value=1, required=False, label=_("page"))

    filters = ReviewFilterForm.filters
    errors_listed = ReviewFilterForm.errors_listed


class BulkAcceptForm(forms.Form):
    threshold = forms.FloatField(min_value=0, max_value=1, label=_("accept every proposed fact with confidence ≥"))


class FactEditForm(ControlCharactersRefused, forms.Form):
    version = forms.CharField(widget=forms.HiddenInput)
    type = forms.ChoiceField(choices=TYPE_CHOICES, label=_("type"))
    subject = EntityKeyField(label=_("subject key"))
    object = EntityKeyField(label=_("object key"))
    reverse = forms.BooleanField(required=False, label=_("swap direction"))


class FactCreateForm(ControlCharactersRefused, forms.Form):
    subject = EntityKeyField(label=_("subject key"))
    type = forms.ChoiceField(choices=TYPE_CHOICES, label=_("type"))
    object = EntityKeyField(label=_("object key"))
    # The source (curation.services.fact_source checks it): a document and a quote, a URL or an arXiv id.
    document = forms.CharField(required=False, max_length=300, label=_("source document key"))
    quote = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("quote"),
        help_text=_("Copied from the document's text (spaces and line breaks may differ)."),
    )
    url = forms.CharField(required=False, max_length=2000, label=_("or a URL"))
    arxiv_id = forms.CharField(required=False, max_length=200, label=_("or an arXiv id"))

    def source(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("document", "quote", "url", "arxiv_id")}


class EntityEditForm(ControlCharactersRefused, forms.Form):
    name = forms.CharField(max_length=200, label=_("name"))
    aliases = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=_("curated aliases"),
        help_text=_("One a line. Spellings the pipeline saw in documents stay aliases anyway."),
    )


class EntityCreateForm(EntityEditForm):
    label = forms.ChoiceField(choices=[(label.value, label.value) for label in Label], label=_("kind"))
    key = forms.CharField(max_length=200, required=False, label=_("key"), help_text=_("Made from the name when empty."))

    field_order = ["label", "name", "key", "aliases"]


class MergeForm(ControlCharactersRefused, forms.Form):
    survivor = EntityKeyField(label=_("keep (survivor key)"))
    other = EntityKeyField(label=_("merge away (key)"))


class DismissForm(ControlCharactersRefused, forms.Form):
    key = forms.CharField(max_length=500)
    other_key = forms.CharField(max_length=500)

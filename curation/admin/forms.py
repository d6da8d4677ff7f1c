"""Forms of the curation admin: what a curator may type, validated before any graph call."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kg.vocabulary import Label, RelType, Status

TYPE_CHOICES = [(t.kebab, t.kebab) for t in RelType]
STATUS_CHOICES = [("", _("any status")), *[(s.value, _(s.value)) for s in Status]]


def aliases_from_text(text: str) -> list[str]:
    """One alias a line (commas also separate), blanks dropped."""
    return [part.strip() for line in text.splitlines() for part in line.split(",") if part.strip()]


class ReviewFilterForm(forms.Form):
    document = forms.CharField(required=False, label=_("document"))
    type = forms.ChoiceField(choices=[("", _("any type")), *TYPE_CHOICES], required=False, label=_("type"))
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False, initial="proposed", label=_("status"))
    min_confidence = forms.FloatField(min_value=0, max_value=1, required=False, label=_("confidence from"))
    max_confidence = forms.FloatField(min_value=0, max_value=1, required=False, label=_("to"))
    entity = forms.CharField(required=False, label=_("entity key"))

    def filters(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in self.fields if data.get(k) not in (None, "")}


class BulkAcceptForm(forms.Form):
    threshold = forms.FloatField(min_value=0, max_value=1, label=_("accept every proposed fact with confidence ≥"))


class FactEditForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput)
    type = forms.ChoiceField(choices=TYPE_CHOICES, label=_("type"))
    subject = forms.CharField(label=_("subject key"))
    object = forms.CharField(label=_("object key"))
    reverse = forms.BooleanField(required=False, label=_("swap direction"))


class FactCreateForm(forms.Form):
    subject = forms.CharField(label=_("subject key"))
    type = forms.ChoiceField(choices=TYPE_CHOICES, label=_("type"))
    object = forms.CharField(label=_("object key"))


class EntityEditForm(forms.Form):
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


class MergeForm(forms.Form):
    survivor = forms.CharField(label=_("keep (survivor key)"))
    other = forms.CharField(label=_("merge away (key)"))

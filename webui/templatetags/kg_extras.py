"""Template helpers for the graph's vocabulary and values."""

import json

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from kg.vocabulary import Label
from webui import labels

register = template.Library()


@register.simple_tag
def entity_url(label: str, key: str) -> str:
    if label == Label.MODEL:
        return reverse("webui:model", kwargs={"key": key})
    if label == "Document":
        return reverse("webui:document", kwargs={"key": key})
    return reverse("webui:entity", kwargs={"label_slug": Label(label).plural_slug, "key": key})


@register.simple_tag
def evidence_url(evidence) -> str:
    """The source document scrolled to the quoted sentence, which the page marks."""
    query = urlencode({"start": evidence.start, "end": evidence.end})
    return f"{reverse('webui:document', kwargs={'key': evidence.document_key})}?{query}#evidence"


@register.simple_tag
def entity_url_prefixes() -> str:
    """Label → page URL prefix, for the search suggestions script (keys are appended, escaped)."""
    prefixes = {label.value: entity_url(label.value, "KEY").removesuffix("KEY") for label in Label}
    return json.dumps(prefixes)


@register.filter
def kebab(rel_type: str) -> str:
    return rel_type.lower().replace("_", "-")


@register.filter
def label_name(label: str) -> str:
    return labels.LABELS.get(label, (label, label))[0]


@register.filter
def label_plural(label: str) -> str:
    return labels.LABELS.get(label, (label, label))[1]


@register.filter
def rel_name(rel_type: str) -> str:
    return labels.RELATIONS.get(rel_type, kebab(rel_type))


@register.filter
def incoming_heading(rel_type: str) -> str:
    return labels.INCOMING.get(rel_type, kebab(rel_type))


@register.filter
def attr_name(name: str) -> str:
    return labels.ATTRIBUTES.get(name, name.replace("_", " "))


@register.filter
def status_name(status: str) -> str:
    return labels.STATUSES.get(status, status)


@register.filter
def humanize_value(value):
    """175000000000 → 175B; leaves text as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size and value % (size / 10) == 0:
            shown = value / size
            return f"{shown:g}{suffix}"
    return f"{value:g}" if isinstance(value, float) else value


@register.simple_tag
def label_names_json() -> str:
    """Label → its name in the interface language, for the search suggestions script."""
    return json.dumps({label: str(names[0]) for label, names in labels.LABELS.items()}, ensure_ascii=False)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key)


@register.filter
def index(sequence, position: int):
    return sequence[position]

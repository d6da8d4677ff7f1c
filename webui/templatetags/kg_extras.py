"""Template helpers for the graph's vocabulary and values."""

from django import template
from django.urls import reverse

from kg.vocabulary import Label

register = template.Library()


@register.simple_tag
def entity_url(label: str, key: str) -> str:
    if label == Label.MODEL:
        return reverse("webui:model", kwargs={"key": key})
    return reverse("webui:entity", kwargs={"label_slug": Label(label).plural_slug, "key": key})


@register.filter
def kebab(rel_type: str) -> str:
    return rel_type.lower().replace("_", "-")


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

"""Template helpers for the graph's vocabulary and values."""

import functools
import json
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

from kg.vocabulary import Label, inherits_weights
from webui import labels

register = template.Library()


_KEY = "KEY-PLACEHOLDER"


@functools.cache
def _url_prefix(script_prefix: str, view: str, label_slug: str | None) -> str:
    """reverse() once per kind of page; a page links hundreds of entities and reverse() is not cheap."""
    kwargs = {"key": _KEY} | ({"label_slug": label_slug} if label_slug else {})
    return reverse(view, kwargs=kwargs).removesuffix(_KEY)


def _url(view: str, key: str, label_slug: str | None = None) -> str:
    # Django's reverse() quotes path segments the same way (RFC 3986 sub-delims, ":" and "@" kept).
    return _url_prefix(get_script_prefix(), view, label_slug) + quote(key, safe="!$&'()*+,;=:@~")


@register.simple_tag
def entity_url(label: str, key: str) -> str:
    if label == Label.MODEL:
        return _url("webui:model", key)
    if label == "Document":
        return _url("webui:document", key)
    return _url("webui:entity", key, Label(label).plural_slug)


@register.simple_tag
def evidence_url(evidence) -> str:
    """The source document scrolled to the quoted sentence, which the page marks; a curator's source
    outside the documents (a URL, an arXiv paper) is its own address."""
    if getattr(evidence, "url", ""):
        return evidence.url
    return f"{_url('webui:document', evidence.document_key)}?start={evidence.start}&end={evidence.end}#evidence"


@register.simple_tag
def entity_url_prefixes() -> str:
    """Label → page URL prefix, for the search suggestions script (keys are appended, escaped)."""
    prefixes = {label.value: entity_url(label.value, _KEY).removesuffix(_KEY) for label in Label}
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
    """FINE_TUNES or fine-tunes → "fine-tunes" in the interface language."""
    return labels.RELATIONS.get(rel_type.upper().replace("-", "_"), kebab(rel_type))


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


@register.filter
def clip(text: str, length: int) -> str:
    """Like truncatechars, without its per-character scan: evidence quotes are long and many per page."""
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


@register.filter
def fixed(value, places: int = 2) -> str:
    """A number with fixed decimals; floatformat's locale and Decimal work is not needed for confidences."""
    if value is None or value == "":
        return ""
    return f"{float(value):.{int(places)}f}"


@register.simple_tag
def explore_url(key: str) -> str:
    return _url("webui:explore", key)


@register.filter
def rel_phrase(relation) -> str:
    """A lineage relation read from the child: its type ("fine-tunes"), or for a kind that does not
    start from the parent's weights what it is instead ("successor of")."""
    if not inherits_weights(relation.kind):
        return labels.KIND_RELATIONS[relation.kind]
    return rel_name(relation.type)


@register.filter
def incoming_phrase(relation) -> str:
    """The same relation read from the parent, as on its page's "referred to by" list."""
    if not inherits_weights(relation.kind):
        return labels.KIND_INCOMING[relation.kind]
    return incoming_heading(relation.type)


@register.filter
def kind_qualifier(kind: str | None) -> str:
    """How a weight descendant was made ("instruction tuning"); empty when the relation's phrase says
    it already or nobody said."""
    if not kind or not inherits_weights(kind):
        return ""
    return labels.KINDS.get(kind, kind)


@register.filter
def conflict_name(conflict: str | None) -> str:
    return labels.CONFLICTS.get(conflict, conflict) if conflict else ""


@register.filter
def ordering_name(ordering: str) -> str:
    return labels.ORDERINGS.get(ordering, ordering)


@register.filter
def get_attr(value, name: str):
    """An attribute named in the template (a list column's field)."""
    return getattr(value, name, None)


@register.filter
def amount_text(value) -> str:
    """A parameter count for a form field: 7B when that is exact, else every digit (the field reads
    both back the same)."""
    if value is None:
        return ""
    short = humanize_value(value)
    if isinstance(short, str) and short[-1:] in "KMBT":
        return short
    return f"{value:.15g}" if not float(value).is_integer() else str(int(value))


@register.filter
def arxiv_of(item) -> str:
    """A paper's arXiv id: as stated, else from a key the pipeline made of it (arxiv:1910.10683)."""
    stated = item.properties.get("arxiv_id")
    if stated:
        return str(stated)
    return item.key.removeprefix("arxiv:") if item.key.startswith("arxiv:") else ""


@register.filter
def shown_name(entity) -> str:
    """An entity's (or a search hit's) name in the interface language: labels.shown_name."""
    return labels.shown_name(
        label=entity.label, name=entity.name, aliases=tuple(getattr(entity, "aliases", ())), language=get_language()
    )


@register.filter
def other_aliases(entity) -> list[str]:
    """The aliases listed beside an entity's shown name (no web addresses)."""
    return labels.other_aliases(shown=shown_name(entity), aliases=tuple(entity.aliases))

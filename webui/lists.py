"""The list pages (/models, /organizations, /techniques, /papers, /datasets, /documents): a sortable,
filterable table per kind, paged by the API's cursors, with downloads of the same rows from the API."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kg import cursors, selectors
from kg.errors import EntityNotFound
from kg.types import DocumentListQuery, EntityListQuery
from kg.vocabulary import Label
from webui import params

# Columns per list: (field, heading, the ordering that sorts by it or None, numeric); the template
# renders each field's cell. A sortable column's first click sorts ascending by text, descending
# by numbers and dates (newest, largest first); a second click reverses.
_NAME = ("name", _("Name"), "name", False)
_SOURCES = ("sources", _("Sources"), None, True)
LIST_COLUMNS = {
    "models": (
        _NAME,
        ("organizations", _("Organization"), None, False),
        ("released", _("Released"), "-released", False),
        ("parameters", _("Parameters"), "-parameters", True),
        ("parents", _("Parents"), None, False),
        ("descendants", _("Descendants"), None, True),
        _SOURCES,
    ),
    "organizations": (
        _NAME,
        ("country", _("Country"), None, False),
        ("models", _("Models"), "-models", True),
        _SOURCES,
    ),
    "techniques": (
        _NAME,
        ("category", _("Category"), None, False),
        ("models", _("Models using it"), "-models", True),
        _SOURCES,
    ),
    "papers": (
        ("name", _("Title"), "name", False),
        ("year", _("Year"), None, False),
        ("arxiv", _("arXiv"), None, False),
        ("organizations", _("Organization"), None, False),
        ("models", _("Models introduced"), "-models", True),
        _SOURCES,
    ),
    "datasets": (
        _NAME,
        ("tokens", _("Tokens"), None, True),
        ("organizations", _("Organization"), None, False),
        ("models", _("Models trained on it"), "-models", True),
        _SOURCES,
    ),
    "documents": (
        ("title", _("Title"), "name", False),
        ("language", _("Language"), None, False),
        ("chars", _("Characters"), None, True),
        ("ingested", _("Ingested"), "-ingested", False),
    ),
}
LIST_TITLES = {
    "models": _("Models"),
    "organizations": _("Organizations"),
    "techniques": _("Techniques"),
    "papers": _("Papers"),
    "datasets": _("Datasets"),
    "documents": _("Documents"),
}


def _query_string(values: dict[str, str]) -> str:
    return f"?{urlencode(values)}" if values else "?"


def _headers(listing: params.Listing) -> list[dict]:
    """The table's column headings, each sortable one a link that sorts by it (or reverses it)."""
    headers = []
    for field, heading, first, numeric in LIST_COLUMNS[listing.kind]:
        header = {"field": field, "heading": heading, "numeric": numeric, "url": None, "sort": None}
        if first:
            name = first.lstrip("-")
            if listing.ordering.lstrip("-") == name:
                header["sort"] = "descending" if listing.ordering.startswith("-") else "ascending"
                target = name if listing.ordering.startswith("-") else f"-{name}"
            else:
                target = first
            header["url"] = _query_string(listing.query(ordering=target))
        headers.append(header)
    return headers


def _list_page(request, listing: params.Listing, page, *, api_url: str, context: dict):
    cursor = (
        cursors.encode_cursor(scope=cursors.list_scope(listing.kind, listing.ordering), position=page.next)
        if page.next is not None
        else None
    )
    here = listing.query(cursor=listing.cursor)
    shown = {name: value for name, value in listing.query().items() if name not in ("ordering", "limit")}
    context = {
        **context,
        "kind": listing.kind,
        "title": LIST_TITLES[listing.kind],
        "listing": listing,
        "filters": listing.filters,
        "filter_names": params.LIST_FILTERS[listing.kind],
        "filtered": bool(shown),
        "items": page.items,
        "headers": _headers(listing),
        "orderings": params.LIST_ORDERINGS[listing.kind],
        "page_sizes": params.PAGE_SIZES,
        "next_url": _query_string(listing.query(cursor=cursor)) if cursor else None,
        "first_url": _query_string(listing.query()) if listing.cursor else None,
        "clear_url": reverse("webui:documents")
        if listing.kind == "documents"
        else reverse("webui:list", args=[listing.kind]),
        "csv_url": f"{api_url}?{urlencode({**here, 'format': 'csv'})}",
        "json_url": f"{api_url}?{urlencode(here)}" if here else api_url,
        "descendants_cap": selectors.LIST_DESCENDANTS_CAP,
        # The other lists, as tabs: (label, URL, the kind's slug).
        "kinds": [(label.value, reverse("webui:list", args=[label.plural_slug]), label.plural_slug) for label in Label]
        + [("Document", reverse("webui:documents"), "documents")],
    }
    return render(request, "webui/list.html", context)


@selectors.one_read
def entity_list(request, label_slug: str):
    label = Label.from_plural_slug(label_slug)
    listing = params.listing(request, label_slug)
    filters = dict(listing.filters)
    unknown = []
    for name, wanted in (("organization", Label.ORGANIZATION), ("technique", Label.TECHNIQUE)):
        if name in filters:
            # Found the way the API finds it (a key, a name, an alias); the form keeps what was typed.
            try:
                location = selectors.entity_locate(key=filters[name])
            except EntityNotFound:
                location = None
            if location is None or location.label != wanted:
                unknown.append((name, filters[name]))
            else:
                filters[name] = location.key
    query = EntityListQuery(
        label=label.value,
        ordering=listing.ordering,
        limit=listing.limit,
        after=listing.after,
        prefix=filters.get("q"),
        **{name: filters.get(name) for name in params.LIST_FILTERS[label_slug] if name != "q"},
    )
    page = selectors.entity_list(query=query)
    api_url = reverse(f"api:{label_slug}-list")
    return _list_page(request, listing, page, api_url=api_url, context={"label": label.value, "unknown": unknown})


@selectors.one_read
def document_list(request):
    listing = params.listing(request, "documents")
    query = DocumentListQuery(
        ordering=listing.ordering,
        limit=listing.limit,
        after=listing.after,
        prefix=listing.filters.get("q"),
        language=listing.filters.get("language"),
    )
    page = selectors.document_page(query=query)
    return _list_page(request, listing, page, api_url=reverse("api:documents"), context={"label": "Document"})

"""Page views: validate input, call selectors, render. No graph access of their own."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse

from kg import selectors
from kg.errors import EntityNotFound
from kg.repository.queries import LINEAGE_MAX_DEPTH
from kg.vocabulary import Label
from webui.diagram import layout
from webui.textmarks import marked_segments


def _follow_merge(key: str, view: str, **kwargs) -> HttpResponsePermanentRedirect:
    target = selectors.entity_redirect(key=key)
    if target is None:
        raise Http404(f"No entity with key '{key}'.")
    return HttpResponsePermanentRedirect(reverse(view, kwargs={**kwargs, "key": target}))


def _unreviewed(request) -> bool:
    return request.GET.get("unreviewed", "1") not in ("0", "false", "no")


def home(request):
    context = {
        "counts": selectors.graph_counts(),
        "documents": selectors.documents_recent(limit=8),
    }
    return render(request, "webui/home.html", context)


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    hits = selectors.entity_search(query=query, limit=40) if query else []
    groups: dict[str, list] = {}
    for hit in hits:
        groups.setdefault(hit.label, []).append(hit)
    return render(request, "webui/search.html", {"query": query, "groups": groups, "total": len(hits)})


def model_page(request, key: str):
    include = _unreviewed(request)
    try:
        entity = selectors.entity_get(key=key, include_unreviewed=include)
    except EntityNotFound:
        return _follow_merge(key, "webui:model")
    if entity.label != Label.MODEL:
        return redirect("webui:entity", label_slug=Label(entity.label).plural_slug, key=key)
    try:
        depth = min(max(int(request.GET.get("depth", 3)), 1), LINEAGE_MAX_DEPTH)
    except ValueError:
        depth = 3
    lineage = selectors.model_lineage(key=key, direction="both", depth=depth, include_unreviewed=include)
    context = {
        "entity": entity,
        "lineage": lineage,
        "diagram": layout(lineage),
        "depth": depth,
        "depths": range(1, LINEAGE_MAX_DEPTH + 1),
        "unreviewed": include,
    }
    return render(request, "webui/model.html", context)


def entity_page(request, label_slug: str, key: str):
    try:
        label = Label.from_plural_slug(label_slug)
    except ValueError as exc:
        raise Http404("Unknown kind of entity.") from exc
    try:
        entity = selectors.entity_get(key=key, include_unreviewed=_unreviewed(request))
    except EntityNotFound:
        return _follow_merge(key, "webui:entity", label_slug=label_slug)
    if entity.label == Label.MODEL:
        return redirect("webui:model", key=key)
    if entity.label != label:
        return redirect("webui:entity", label_slug=Label(entity.label).plural_slug, key=key)
    return render(request, "webui/entity.html", {"entity": entity, "unreviewed": _unreviewed(request)})


def document_page(request, key: str):
    try:
        document = selectors.document_get(key=key)
    except EntityNotFound as exc:
        raise Http404(exc.message) from exc
    try:
        start, end = int(request.GET["start"]), int(request.GET["end"])
    except (KeyError, ValueError):
        start = end = None
    evidence = (start, end) if start is not None and 0 <= start < end <= len(document.text) else None
    context = {
        "document": document,
        "segments": marked_segments(document.text, document.mentions, evidence),
        "evidence": evidence,
    }
    return render(request, "webui/document.html", context)


def page_not_found(request, exception):
    return render(request, "webui/error.html", {"status": 404, "message": str(exception) or ""}, status=404)


def server_error(request):
    return render(request, "webui/error.html", {"status": 500, "message": ""}, status=500)

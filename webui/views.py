"""Page views: validate input, call selectors, render. No graph access of their own."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from kg import selectors
from kg.errors import EntityNotFound, InvalidQuery
from kg.text import compact, simplified
from kg.types import LineageNode
from kg.vocabulary import Label, RelType
from webui import diagram, explorer, labels, params, timeline
from webui.compare import comparison
from webui.facts import attribute_rows, by_type
from webui.report import report_view
from webui.templatetags.kg_extras import entity_url
from webui.textmarks import render_article

# What a model page states first: who built it, where it was introduced, what it uses and was trained on.
GLANCE_TYPES = (RelType.DEVELOPED_BY, RelType.INTRODUCED_IN, RelType.USES, RelType.TRAINED_ON)


def _relocate(request, key: str, view: str) -> HttpResponsePermanentRedirect:
    """A key no page is filed under: its entity's own page, found the way the API finds it
    (selectors.entity_locate: another case, a merged-away key, an alias), with the same view
    (?unreviewed=1, depth ...); 404 when the key names nothing."""
    try:
        location = selectors.entity_locate(key=key)
    except EntityNotFound as exc:
        raise Http404(exc.message) from exc
    if location.key == key:  # found as itself, yet not readable here: nothing to lead to
        raise Http404(f"No entity with key '{key}'.")
    if view == "webui:explore":
        url = reverse(view, kwargs={"key": location.key})
    else:
        url = entity_url(location.label, location.key)
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect(url + (f"?{query}" if query else ""))


def _review_switch(request, include: bool, hidden: int) -> dict:
    """The page's "include unreviewed" switch: a link to the same page with every other parameter kept."""
    query = request.GET.copy()
    query.pop("unreviewed", None)
    if not include:
        query["unreviewed"] = "1"
    encoded = query.urlencode()
    return {"unreviewed": include, "unreviewed_total": hidden, "switch_url": f"?{encoded}" if encoded else "?"}


def _node_query(depth: int, include: bool) -> str:
    """What a link to another model page keeps of this one's view."""
    kept = {**({"depth": depth} if depth != params.DEFAULT_DEPTH else {}), **({"unreviewed": 1} if include else {})}
    return f"?{urlencode(kept)}" if kept else ""


@selectors.one_read
def home(request):
    context = {
        "counts": selectors.graph_counts(),
        "documents": selectors.documents_recent(limit=8),
        "families": selectors.lineage_families(limit=6, members=6),
    }
    return render(request, "webui/home.html", context)


def _matched_alias(hit, query: str) -> str | None:
    """The alias the query found, when it is not the name shown (谷歌 → Google shows 谷歌; in the
    Chinese interface Google is shown as 谷歌 and nothing more is said); a web address last."""
    wanted = compact(simplified(query).casefold())
    shown = labels.shown_name(label=hit.label, name=hit.name, aliases=hit.aliases, language=get_language())
    if not wanted or wanted in compact(simplified(shown).casefold()):
        return None
    aliases = sorted(hit.aliases, key=labels.is_url)
    return next((a for a in aliases if wanted in compact(simplified(a).casefold())), None)


@selectors.one_read
def search(request):
    query = params.text(request)
    hits = selectors.entity_search(query=query, limit=40) if query else []
    groups: dict[str, list] = {}
    for hit in hits:
        groups.setdefault(hit.label, []).append((hit, _matched_alias(hit, query)))
    context = {"query": query, "groups": groups, "total": len(hits)}
    return render(request, "webui/search.html", context)


@selectors.one_read
def model_page(request, key: str):
    include = params.unreviewed(request)
    depth = params.depth(request)
    try:
        view = selectors.model_view(key=key, depth=depth, include_unreviewed=params.reading(include))
    except EntityNotFound:
        return _relocate(request, key, "webui:model")
    entity = view.entity
    if entity.label != Label.MODEL:
        return redirect("webui:entity", label_slug=Label(entity.label).plural_slug, key=key)
    released = entity.properties.get("released")
    root = LineageNode(
        key=entity.key, name=entity.name, released=None if released is None else str(released), hops=0, direction="self"
    )
    outgoing = by_type(entity.outgoing)
    # "At a glance" states only what was accepted, whichever way the switch is set.
    glance = [(t, rels) for t in GLANCE_TYPES if (rels := [r for r in outgoing.get(t, ()) if r.status == "accepted"])]
    context = {
        **_review_switch(request, include, view.unreviewed_total),
        "entity": entity,
        "lineage": view.lineage,
        "diagram": diagram.layout(lineage=view.lineage, root_released=root.released),
        "timeline": timeline.layout(nodes=[root, *view.lineage.nodes]),
        "changes": selectors.parent_changes(view=view),
        "attributes": attribute_rows(entity=entity),
        "outgoing": outgoing,
        "glance": glance,
        "relation_totals": view.relation_totals,
        "documents_total": view.documents_total,
        "lineage_shown": view.lineage_shown,
        "depth": depth,
        "depths": params.DEPTHS,
        "node_query": _node_query(depth, include),
    }
    return render(request, "webui/model.html", context)


@selectors.one_read
def entity_page(request, label_slug: str, key: str):
    try:
        label = Label.from_plural_slug(label_slug)
    except ValueError as exc:
        raise Http404("Unknown kind of entity.") from exc
    include = params.unreviewed(request)
    try:
        view = selectors.entity_view(key=key, include_unreviewed=params.reading(include))
    except EntityNotFound:
        return _relocate(request, key, "webui:entity")
    entity = view.entity
    if entity.label == Label.MODEL:
        return redirect("webui:model", key=key)
    if entity.label != label:
        return redirect("webui:entity", label_slug=Label(entity.label).plural_slug, key=key)
    links: dict[str, list] = {}
    for link in view.links:
        links.setdefault(link.type, []).append(link)
    context = {
        "entity": entity,
        "links": links,
        "attributes": attribute_rows(entity=entity),
        **_review_switch(request, include, view.unreviewed_total),
        "relation_totals": view.relation_totals,
        "documents_total": view.documents_total,
    }
    return render(request, "webui/entity.html", context)


@selectors.one_read
def document_page(request, key: str):
    try:
        document = selectors.document_get(key=key)
    except EntityNotFound as exc:
        raise Http404(exc.message) from exc
    evidence = params.span(request, len(document.text))
    report = report_view(report=document.report) if document.report else None
    noise = frozenset(n.line for n in report.noise if isinstance(n.line, int)) if report else frozenset()
    show_dropped = params.dropped(request)
    article = render_article(
        text=document.text,
        mentions=document.mentions,
        evidence=evidence,
        entity_url=entity_url,
        noise_lines=noise,
        hide_noise=not show_dropped,
    )
    query = request.GET.copy()  # the switch keeps the rest of the view (the marked evidence)
    query.pop("dropped", None)
    if not show_dropped:
        query["dropped"] = "1"
    context = {
        "document": document,
        "article": article,
        "evidence": evidence,
        "report": report,
        "dropped_total": len(noise),
        "dropped_shown": show_dropped,
        "dropped_url": f"?{query.urlencode()}" if query else "?",
    }
    return render(request, "webui/document.html", context)


def _compare_keys(request) -> list[str]:
    keys = params.keys(request, "models")
    for typed in request.GET.getlist("m"):
        typed = typed.strip()[: params.QUERY_MAX]
        if typed:
            hit = next((h for h in selectors.entity_search(query=typed, limit=10) if h.label == Label.MODEL), None)
            keys.append(hit.key if hit else typed)
    return list(dict.fromkeys(keys))


def _compare_error(exc: EntityNotFound | InvalidQuery) -> str:
    """What went wrong, in the interface language: the graph layer's messages are English, for the API."""
    if isinstance(exc, EntityNotFound):
        missing = (exc.detail or {}).get("models") or []
        return ngettext("No model with the key “%(keys)s”.", "No models with the keys “%(keys)s”.", len(missing)) % {
            "keys": "”, “".join(missing)
        }
    return _("Compare at most %(max)s models at once.") % {"max": selectors.COMPARE_MAX}


@selectors.one_read
def compare(request):
    keys = _compare_keys(request)
    if request.GET.getlist("m"):  # a typed form: answer with the shareable canonical URL
        return redirect(f"{reverse('webui:compare')}?{urlencode({'models': ','.join(keys)})}")
    free = selectors.COMPARE_MAX - len(keys)
    context = {
        "keys": keys,
        "table": None,
        "error": None,
        "max": selectors.COMPARE_MAX,
        "pickers": range(1, min(free, 2 if not keys else 1) + 1),
    }
    if keys:
        try:
            models = selectors.models_compare(keys=keys, include_unreviewed=params.reading(params.unreviewed(request)))
            context["table"] = comparison(models=models)
            context["remove"] = [
                f"{reverse('webui:compare')}?{urlencode({'models': ','.join(k for k in keys if k != m.ref.key)})}"
                for m in models
            ]
        except (EntityNotFound, InvalidQuery) as exc:
            context["error"] = _compare_error(exc)
    return render(request, "webui/compare.html", context, status=400 if context["error"] else 200)


@selectors.one_read
def explore(request, key: str):
    hops = params.hops(request)
    types = params.relation_types(request)
    include = params.unreviewed(request)
    try:
        hood = selectors.entity_neighbourhood(
            key=key, hops=hops, types=types, include_unreviewed=params.reading(include)
        )
    except EntityNotFound:
        return _relocate(request, key, "webui:explore")
    names = {ref.key: ref for ref, _ in hood.nodes}
    context = {
        "hood": hood,
        "picture": explorer.layout(hood=hood),
        "hops": hops,
        "types": types,
        "all_types": [r.value for r in RelType],
        "label_keys": sorted({ref.label for ref in names.values()}),
        "relations": [(names[e.source], e, names[e.target]) for e in hood.edges],
        "unreviewed": include,
    }
    return render(request, "webui/explore.html", context)


def page_not_found(request, exception):
    return render(request, "webui/error.html", {"status": 404, "message": str(exception) or ""}, status=404)


def server_error(request):
    return render(request, "webui/error.html", {"status": 500, "message": ""}, status=500)

"""Page views: validate input, call selectors, render. No graph access of their own."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_cookie

from kg import selectors
from kg.errors import EntityNotFound, GraphError
from kg.text import compact, simplified
from kg.types import LineageNode
from kg.vocabulary import Label, LineageKind, RelType, Status
from webui import diagram, explorer, labels, params, timeline
from webui.compare import comparison
from webui.facts import attribute_rows, by_type
from webui.labels import KIND_RELATIONS
from webui.report import report_view
from webui.templatetags.kg_extras import entity_url, kind_qualifier, rel_name, status_name
from webui.textmarks import document_part, render_article

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
    response = HttpResponsePermanentRedirect(url + (f"?{query}" if query else ""))
    # Permanent, yet a merge can be reverted and an alias removed: browsers ask again each time
    # rather than keep the redirect for good (they cache a bare 301 indefinitely).
    response["Cache-Control"] = "no-cache"
    return response


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
    part = document_part(
        text=document.text,
        mentions=document.mentions,
        evidence=evidence,
        noise_lines=noise,
        number=params.bounded_int(request, "part", 1, range(1, 1 << 31)) - 1,
    )
    article = render_article(
        text=part.text,
        mentions=part.mentions,
        evidence=part.evidence,
        entity_url=entity_url,
        noise_lines=part.noise_lines,
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
        "part": part,
        **_part_links(request, part),
    }
    return render(request, "webui/document.html", context)


def _part_links(request, part) -> dict:
    """Links to the parts before and after the one shown (the marked evidence stays behind)."""

    def link(number: int) -> str:
        query = request.GET.copy()
        for name in ("start", "end"):
            query.pop(name, None)
        query["part"] = str(number + 1)
        return f"?{query.urlencode()}"

    return {
        "part_previous": link(part.number - 1) if part.number > 0 else None,
        "part_next": link(part.number + 1) if part.number + 1 < part.count else None,
    }


def _compare_keys(request) -> list[str]:
    keys = params.keys(request, "models")
    for typed in request.GET.getlist("m"):
        typed = typed.strip()[: params.QUERY_MAX]
        if typed:
            hit = next((h for h in selectors.entity_search(query=typed, limit=10) if h.label == Label.MODEL), None)
            keys.append(hit.key if hit else typed)
    return list(dict.fromkeys(keys))


def _models_located(keys: list[str]) -> tuple[list[str], list[str]]:
    """The models the keys name, found the way model pages find them (another case, an alias, a merged
    key), in order and once each; and the keys that name no model."""
    found, missing = [], []
    for key in keys:
        try:
            location = selectors.entity_locate(key=key)
        except EntityNotFound:
            missing.append(key)
            continue
        (found if location.label == Label.MODEL else missing).append(location.key)
    return list(dict.fromkeys(found)), missing


def _suggestions(text: str, label: str | None = None, limit: int = 5) -> list:
    """The nearest names to what was asked for (a key's hyphens read as spaces), for "did you mean"."""
    query = text.replace("-", " ").replace("_", " ").strip()[: params.QUERY_MAX]
    if not query:
        return []
    hits = selectors.entity_search(query=query, limit=limit * 2, labels=[label] if label else None)
    return hits[:limit]


def _compare_url(keys: list[str]) -> str:
    return f"{reverse('webui:compare')}?{urlencode({'models': ','.join(keys)})}" if keys else reverse("webui:compare")


@selectors.one_read
def compare(request):
    typed = _compare_keys(request)
    keys, missing = _models_located(typed)
    over = keys[selectors.COMPARE_MAX :]
    keys = keys[: selectors.COMPARE_MAX]
    if request.GET.getlist("m") or (keys and not missing and not over and keys != typed):
        # A typed form, or aliases in the address: answer with the shareable canonical URL.
        query = request.GET.copy()
        query.pop("m", None)
        query["models"] = ",".join(keys)
        return redirect(f"{reverse('webui:compare')}?{query.urlencode()}")
    free = selectors.COMPARE_MAX - len(keys)
    context = {
        "keys": keys,
        "table": None,
        "missing": [(key, _suggestions(key, Label.MODEL.value, limit=3)) for key in missing],
        "over": over,
        "max": selectors.COMPARE_MAX,
        "pickers": range(1, min(free, 2 if not keys else 1) + 1),
    }
    if keys:
        models = selectors.models_compare(keys=keys, include_unreviewed=params.reading(params.unreviewed(request)))
        context["table"] = comparison(models=models)
        context["remove"] = [_compare_url([k for k in keys if k != m.ref.key]) for m in models]
    return render(request, "webui/compare.html", context, status=404 if missing and not keys else 200)


def _explore_query(hops: int, types: list[str], include: bool) -> str:
    """What a link to another entity's explorer keeps of this one's filters (explore.js writes the same)."""
    kept = [
        *([("hops", hops)] if hops != 1 else []),
        *(("type", t) for t in types),
        *([("unreviewed", 1)] if include else []),
    ]
    return f"?{urlencode(kept)}" if kept else ""


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
    placeholder = "KEY-PLACEHOLDER"
    context = {
        "hood": hood,
        "picture": explorer.layout(hood=hood),
        "hops": hops,
        "types": types,
        "all_types": [r.value for r in RelType],
        "all_labels": [label.value for label in Label],
        "relations": [(names[e.source], e, names[e.target]) for e in hood.edges],
        "unreviewed": include,
        "keep": _explore_query(hops, types, include),
        "status_names": json.dumps({s.value: str(status_name(s.value)) for s in Status}, ensure_ascii=False),
        # What explore.js needs besides the data: where to fetch a node's neighbours, where its page is,
        # the relation names in the interface's language, which relations are lineage and which fold.
        "live": {
            "data": json.dumps(explorer.as_data(hood), ensure_ascii=False),
            "api": json.dumps(
                {
                    label.value: reverse(
                        "api:entity-neighbourhood", kwargs={"label_slug": label.plural_slug, "key": placeholder}
                    ).split(placeholder)[0]
                    for label in Label
                }
            ),
            "explore": reverse("webui:explore", kwargs={"key": placeholder}).removesuffix(placeholder),
            "rel_names": json.dumps({r.kebab: str(rel_name(r.value)) for r in RelType}, ensure_ascii=False),
            # A lineage kind either replaces the relation's name ("successor of") or qualifies it.
            "kinds": json.dumps(
                {
                    k.value: {"phrase": str(KIND_RELATIONS[k.value])}
                    if k.value in KIND_RELATIONS
                    else {"qualifier": str(kind_qualifier(k.value))}
                    for k in LineageKind
                },
                ensure_ascii=False,
            ),
            "lineage": json.dumps(explorer.LINEAGE_KEBAB),
            "hubs": json.dumps(explorer.HUB_TYPES),
            "min_confidence": settings.PAGES_MIN_CONFIDENCE,
        },
    }
    return render(request, "webui/explore.html", context)


def page_not_found(request, exception):
    """404 with the nearest names to the address's last part (/models/gpt4o → GPT-4o …), when the graph answers."""
    wanted = request.path.rstrip("/").rsplit("/", 1)[-1]
    try:
        suggestions = _suggestions(wanted) if not request.path.startswith(("/static/", "/admin/")) else []
    except GraphError:
        suggestions = []
    context = {"status": 404, "message": str(exception) or "", "suggestions": suggestions, "wanted": wanted}
    return render(request, "webui/error.html", context, status=404)


def server_error(request):
    return render(request, "webui/error.html", {"status": 500, "message": ""}, status=500)


REVIEW_PERMISSION = "curation.view_reviewedfact"


@never_cache
@vary_on_cookie
def curator_links(request):
    """For the pages' "review / edit" links, drawn by the browser: the review address of a fact for a
    signed-in curator, nothing for anyone else. The pages themselves stay the same for everyone (so
    a cached page never carries a curator's links); this small answer is never cached."""
    if not (request.user.is_authenticated and request.user.has_perm(REVIEW_PERMISSION)):
        return JsonResponse({"curator": False})
    template = reverse("admin:curation_reviewedfact_change", kwargs={"key": "KEY"})
    return JsonResponse({"curator": True, "fact_url": template.replace("KEY", "{key}")})

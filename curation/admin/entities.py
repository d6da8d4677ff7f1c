"""Entities: search, edit name and aliases, create, and merge duplicates (with the pipeline's suggestions)."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from curation import services
from curation.admin.common import (
    capped,
    form_errors,
    history,
    public_url,
    render,
    report_graph_error,
    require,
    safe_next,
)
from curation.admin.forms import (
    DismissForm,
    EntityCreateForm,
    EntityEditForm,
    FactCreateForm,
    MergeForm,
    aliases_from_text,
)
from curation.models import CuratedEntity
from kg import selectors
from kg import services as kg_services
from kg.errors import EntityNotFound, GraphError

# Facts listed on an entity's page; the review queue (filtered by the entity) pages through all of them.
ENTITY_FACTS = 200
AUTOCOMPLETE_MAX = 100  # no name is longer; a fuzzy search of more is refused anyway
AUTOCOMPLETE_ROWS = 10


def entity_choices(term: str) -> list[dict]:
    """Up to AUTOCOMPLETE_ROWS entities as {key, name, label, via, text}; `via` says how the text named
    it (key, redirect, alias, name, search), `text` is what the list shows."""
    if not term:
        return []
    rows: dict[str, dict] = {}
    try:
        located = selectors.entity_locate(key=term)
    except EntityNotFound:
        located = None
    if located is not None:
        entity = selectors.entity_get(key=located.key, include_unreviewed=False)
        rows[located.key] = _choice(located.key, entity.name, located.label, located.via)
    for hit in selectors.entity_search(query=term, limit=AUTOCOMPLETE_ROWS):
        rows.setdefault(hit.key, _choice(hit.key, hit.name, hit.label, "search"))
    return list(rows.values())[:AUTOCOMPLETE_ROWS]


def _choice(key: str, name: str, label: str, via: str) -> dict:
    merged = " (merged)" if via == "redirect" else ""
    return {"key": key, "name": name, "label": label, "via": via, "text": f"{name} · {label} · {key}{merged}"}


def entity_url(key: str) -> str:
    return reverse("admin:curation_curatedentity_change", kwargs={"key": key})


@admin.register(CuratedEntity)
class CuratedEntityAdmin(admin.ModelAdmin):
    """No table behind it: entities are read through kg selectors and changed through curation services."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.search_view), name="curation_curatedentity_changelist"),
            path("add/", wrap(self.create_view), name="curation_curatedentity_add"),
            path("merge/", wrap(self.merge_view), name="curation_curatedentity_merge"),
            path("dismiss/", wrap(self.dismiss_view), name="curation_curatedentity_dismiss"),
            path("autocomplete/", wrap(self.autocomplete_view), name="curation_curatedentity_autocomplete"),
            path("<path:key>/", wrap(self.entity_view), name="curation_curatedentity_change"),
        ]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm("curation.merge_curatedentity")

    def search_view(self, request):
        require(self.has_view_permission(request))
        query = request.GET.get("q", "").strip()[:200]
        context = {
            "query": query,
            "hits": selectors.entity_search(query=query, limit=50) if query else [],
            "suggestions": services.merge_suggestions(),
            "merge_form": MergeForm(),
            "can_merge": self.has_merge_permission(request),
            "can_add": self.has_add_permission(request),
        }
        return render(request, self, "admin/curation/curatedentity/search.html", _("Entities"), context)

    def autocomplete_view(self, request):
        """Entities for a key field as the curator types: what the text names exactly (a key, an
        alias, a merged-away key: its canonical entity) first, then the search's hits."""
        require(self.has_view_permission(request))
        term = request.GET.get("term", "").strip()[:AUTOCOMPLETE_MAX]
        try:
            results = entity_choices(term)
        except GraphError as exc:
            return JsonResponse({"error": exc.message, "results": []}, status=503)
        return JsonResponse({"results": results})

    def merge_view(self, request):
        """A merge is previewed first (what moves, what folds, what goes, what redirects), then
        confirmed; the confirmed merge is refused if it would now do something else."""
        require(self.has_merge_permission(request) and request.method == "POST")
        form = MergeForm(request.POST)
        back = safe_next(request, reverse("admin:curation_curatedentity_changelist"))
        if not form.is_valid():
            messages.error(request, form_errors(form))
            return HttpResponseRedirect(back)
        survivor, other = form.cleaned_data["survivor"].strip(), form.cleaned_data["other"].strip()
        expected = request.POST.get("plan", "")
        if request.POST.get("confirm") == "yes" and expected:
            try:
                services.entity_merge(user=request.user, survivor=survivor, other=other, expected_plan=expected)
            except GraphError as exc:
                report_graph_error(request, exc)  # and the merge as it would be now, to confirm again
            else:
                done = _("Merged %(other)s into %(survivor)s; the audit log can revert it.")
                messages.success(request, done % {"other": other, "survivor": survivor})
                return HttpResponseRedirect(entity_url(survivor))
        try:
            plan = services.entity_merge_plan(survivor=survivor, other=other)
            names = {k: selectors.entity_get(key=k) for k in (survivor, other)}
        except GraphError as exc:
            report_graph_error(request, exc)
            return HttpResponseRedirect(back)
        context = {"plan": plan, "survivor": names[survivor], "other": names[other], "back": back}
        context |= {kind: capped(plan[kind]) for kind in ("rekeyed", "folded", "dropped", "aliases", "documents")}
        return render(request, self, "admin/curation/curatedentity/merge_confirm.html", _("Confirm a merge"), context)

    def dismiss_view(self, request):
        """ "Not a duplicate": the suggestion goes for good (logged, revertible)."""
        require(self.has_merge_permission(request) and request.method == "POST")
        form = DismissForm(request.POST)
        if form.is_valid():
            key, other = form.cleaned_data["key"], form.cleaned_data["other_key"]
            try:
                services.merge_dismiss(user=request.user, key=key, other_key=other)
            except GraphError as exc:
                report_graph_error(request, exc)
            else:
                messages.success(
                    request, _("%(key)s and %(other)s will not be suggested again.") % {"key": key, "other": other}
                )
        else:
            messages.error(request, _("Give both keys."))
        return HttpResponseRedirect(reverse("admin:curation_curatedentity_changelist") + "#suggestions")

    def create_view(self, request):
        require(self.has_add_permission(request))
        form = EntityCreateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.entity_create(
                    user=request.user,
                    label=data["label"],
                    name=data["name"],
                    aliases=aliases_from_text(data["aliases"]),
                    key=data["key"].strip() or None,
                )
            except GraphError as exc:
                report_graph_error(request, exc)
            else:
                messages.success(request, _("Entity created."))
                return HttpResponseRedirect(entity_url(entry.target_key))
        return render(request, self, "admin/curation/curatedentity/create.html", _("Add an entity"), {"form": form})

    def entity_view(self, request, key: str):
        require(self.has_view_permission(request))
        try:
            entity = selectors.entity_get(key=key)
        except EntityNotFound:
            survivor = selectors.entity_redirect(key=key)
            if survivor:
                messages.info(request, _("%(key)s was merged into %(survivor)s.") % {"key": key, "survivor": survivor})
                return HttpResponseRedirect(entity_url(survivor))
            entity = None
        if request.method == "POST" and entity is not None:
            require(self.has_change_permission(request))
            return self._entity_post(request, key)
        context = {"entity": entity, "key": key, "history": history(key)}
        if entity is not None:
            state = kg_services.entity_state(key=key) or {}
            context |= {
                "public_url": public_url(label=entity.label, key=key),
                "facts": selectors.facts_review(filters={"entity": key}, limit=ENTITY_FACTS, evidence_limit=0),
                "facts_url": reverse("admin:curation_reviewedfact_changelist")
                + "?"
                + urlencode({"entity": key, "status": ""}),
                "edit_form": EntityEditForm(
                    initial={"name": entity.name, "aliases": "\n".join(state.get("curated_aliases", []))}
                ),
                "merge_form": MergeForm(initial={"survivor": key}),
                "fact_form": FactCreateForm(initial={"subject": key}),
                "can_merge": self.has_merge_permission(request),
            }
        return render(
            request, self, "admin/curation/curatedentity/entity.html", entity.name if entity else key, context
        )

    def _entity_post(self, request, key: str):
        form = EntityEditForm(request.POST)
        if form.is_valid():
            try:
                services.entity_update(
                    user=request.user,
                    key=key,
                    name=form.cleaned_data["name"],
                    aliases=aliases_from_text(form.cleaned_data["aliases"]),
                )
            except GraphError as exc:
                report_graph_error(request, exc)
            else:
                messages.success(request, _("Saved."))
        else:
            messages.error(request, _("A name is required."))
        return HttpResponseRedirect(entity_url(key))

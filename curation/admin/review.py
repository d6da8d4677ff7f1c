"""The review queue: proposed facts with their evidence in context; accept, reject, edit, bulk accept."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from curation import services
from curation.admin.common import (
    capped,
    form_errors,
    history,
    render,
    report_graph_error,
    require,
    revert_posted,
    safe_next,
)
from curation.admin.forms import (
    AttributeFilterForm,
    BulkAcceptForm,
    FactCreateForm,
    FactEditForm,
    ReviewFilterForm,
)
from curation.models import AuditEntry, ReviewedFact
from kg import selectors
from kg.cursors import BY_DOCUMENT_POSITION, InvalidCursor, decode_cursor, encode_cursor, fact_evidence_scope
from kg.errors import Conflict, EntityNotFound, GraphError
from kg.text import control_character_problem
from kg.vocabulary import RelType

PAGE_SIZE = 25
EVIDENCE_PAGE_SIZE = 50
QUEUE_TEMPLATE = "admin/curation/reviewedfact/queue.html"
ATTRIBUTES_TEMPLATE = "admin/curation/reviewedfact/attributes.html"


def fact_url(key: str) -> str:
    return reverse("admin:curation_reviewedfact_change", kwargs={"key": key})


@admin.register(ReviewedFact)
class ReviewedFactAdmin(admin.ModelAdmin):
    """No table behind it: the views read through kg selectors and write through curation services."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.queue_view), name="curation_reviewedfact_changelist"),
            path("new/", wrap(self.create_view), name="curation_reviewedfact_create"),
            path("attributes/", wrap(self.attributes_view), name="curation_reviewedfact_attributes"),
            path("<path:key>/", wrap(self.fact_view), name="curation_reviewedfact_change"),
        ]

    def has_add_permission(self, request) -> bool:
        return False  # curated facts are added from the queue or an entity page, under "change"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a fact is rejected, never deleted: the decision must outlive re-ingests

    def _filters(self, request) -> tuple[ReviewFilterForm, dict | None]:
        """The queue's filters, or None when one is invalid (the page then says which)."""
        data = request.GET.copy()
        # Facts with new evidence were decided already: that filter looks at every status.
        data.setdefault("status", "" if data.get("new_evidence") else "proposed")
        form = ReviewFilterForm(data)
        return form, form.filters() if form.is_valid() else None

    def queue_view(self, request):
        require(self.has_view_permission(request))
        form, filters = self._filters(request)
        if request.method == "POST":
            require(self.has_change_permission(request))
            if filters is None:
                messages.error(request, _("The filters are invalid; nothing was changed."))
                return HttpResponseRedirect(request.get_full_path())
            return self._queue_post(request, filters)
        context = {
            "form": form,
            "documents": selectors.documents_recent(limit=200),
            "types": [t.kebab for t in RelType],
            "next": request.get_full_path(),
        }
        if filters is None:
            context |= {"invalid": form.errors_listed(), "page": None}
            return render(request, self, QUEUE_TEMPLATE, _("Review queue"), context, status=400)
        number = form.cleaned_data.get("p") or 1
        page = selectors.facts_review(
            filters=filters, skip=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE, order=form.ordering()
        )
        query = request.GET.copy()
        query.pop("p", None)
        unordered = query.copy()
        unordered.pop("order", None)
        context |= {
            "order": form.ordering(),
            "unordered": unordered.urlencode(),
            "page": page,
            "number": number,
            "pages": max((page.total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
            "query": query.urlencode(),
            "bulk_form": BulkAcceptForm(initial={"threshold": 0.8}),
        }
        return render(request, self, QUEUE_TEMPLATE, _("Review queue"), context)

    def _queue_post(self, request, filters: dict):
        """A bulk decision: first its preview (what exactly changes), then, confirmed, that plan."""
        back = request.get_full_path()
        try:
            plan = self._plan(request, filters)
            if plan is None:
                return HttpResponseRedirect(back)
            if request.POST.get("confirm") == "yes" and request.POST.get("plan"):
                try:
                    entries = services.facts_decide_planned(
                        user=request.user, plan=plan, expected_version=request.POST["plan"]
                    )
                except Conflict as exc:
                    report_graph_error(request, exc)
                    plan = self._plan(request, filters)  # the new list, to confirm again
                else:
                    messages.success(request, _("%(n)d fact(s) %(op)s.") % {"n": len(entries), "op": _(plan.decision)})
                    return HttpResponseRedirect(back)
        except GraphError as exc:
            report_graph_error(request, exc)
            return HttpResponseRedirect(back)
        context = {
            "plan": plan,
            "listed": capped(plan.facts),
            "op": request.POST.get("op"),
            "threshold": request.POST.get("threshold", ""),
            "keys": request.POST.getlist("keys"),
            "back": back,
        }
        return render(request, self, "admin/curation/reviewedfact/confirm.html", _("Confirm a bulk decision"), context)

    def _plan(self, request, filters: dict) -> services.DecisionPlan | None:
        op = request.POST.get("op")
        if op == "bulk":
            bulk = BulkAcceptForm(request.POST)
            if not bulk.is_valid():
                messages.error(request, _("Choose a confidence between 0 and 1."))
                return None
            scope = {k: v for k, v in filters.items() if k not in ("status", "min_confidence")}
            threshold = bulk.cleaned_data["threshold"]
            return services.decision_plan(decision="accepted", min_confidence=threshold, filters=scope)
        if op in ("accepted", "rejected"):
            keys = request.POST.getlist("keys")
            if not keys:
                messages.error(request, _("Select at least one fact."))
                return None
            return services.decision_plan(decision=op, keys=keys)
        messages.error(request, _("Unknown action."))
        return None

    def fact_view(self, request, key: str):
        require(self.has_view_permission(request))
        if request.method == "POST":
            require(self.has_change_permission(request))
            return self._fact_post(request, key)
        try:
            fact = selectors.fact_review(key=key, evidence_limit=0)
        except EntityNotFound:
            fact = None
        context = {"fact": fact, "key": key, "history": history(key), "next": request.GET.get("next")}
        if fact is not None:
            initial = {"version": fact.version, "type": RelType(fact.type).kebab}
            context["edit_form"] = FactEditForm(
                initial=initial | {"subject": fact.subject.key, "object": fact.object.key}
            )
            context |= self._evidence_page(request, key)
        return render(request, self, "admin/curation/reviewedfact/fact.html", _("Fact"), context)

    def _evidence_page(self, request, key: str) -> dict:
        """A page of the fact's evidence (?evidence=<cursor>, the API's cursors); a stale or broken
        cursor says so and shows the first page."""
        scope = fact_evidence_scope(key)
        after = None
        if request.GET.get("evidence"):
            try:
                after = decode_cursor(request.GET["evidence"], scope=scope, shape=BY_DOCUMENT_POSITION)
            except InvalidCursor:
                messages.error(request, _("That evidence link is not valid for this fact; here is its first page."))
        page = selectors.fact_evidence(key=key, after=after, limit=EVIDENCE_PAGE_SIZE)
        more = None
        if page.next is not None:
            query = request.GET.copy()
            query["evidence"] = encode_cursor(scope=scope, position=page.next)
            more = f"?{query.urlencode()}"
        return {"evidence": page.items, "evidence_more": more, "evidence_continued": after is not None}

    def _fact_post(self, request, key: str):
        op = request.POST.get("op")
        version = request.POST.get("version") or None
        target = safe_next(request, fact_url(key))
        try:
            if op in ("accepted", "rejected"):
                services.fact_decide(user=request.user, key=key, decision=op, expected_version=version)
                messages.success(request, _("Fact %(op)s.") % {"op": _(op)})
            elif op == "edit":
                form = FactEditForm(request.POST)
                if not form.is_valid():
                    messages.error(request, form_errors(form))
                    return HttpResponseRedirect(fact_url(key))
                data = form.cleaned_data
                _rejected, created = services.fact_edit(
                    user=request.user,
                    key=key,
                    expected_version=data["version"],
                    type=data["type"],
                    subject=data["subject"].strip(),
                    object=data["object"].strip(),
                    reverse=data["reverse"],
                )
                messages.success(request, _("Replaced by a corrected fact; the original is rejected."))
                return HttpResponseRedirect(fact_url(created.target_key))
            elif op == "revert":
                revert_posted(request)
        except GraphError as exc:
            report_graph_error(request, exc)
        return HttpResponseRedirect(target)

    def create_view(self, request):
        require(self.has_change_permission(request))
        form = FactCreateForm(request.POST or None, initial={"subject": request.GET.get("subject", "")})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.fact_create(
                    user=request.user,
                    subject=data["subject"].strip(),
                    type=data["type"],
                    object=data["object"].strip(),
                    source=form.source(),
                )
            except GraphError as exc:
                report_graph_error(request, exc)
            else:
                messages.success(request, _("Fact added."))
                return HttpResponseRedirect(fact_url(entry.target_key))
        return render(request, self, "admin/curation/reviewedfact/create.html", _("Add a fact"), {"form": form})

    # --- attribute values ----------------------------------------------------------------------

    def attributes_view(self, request):
        """The queue's attribute part: each value an entity's claims state, with the sentences in
        context; accept, reject or give the right value, row by row (versions checked as for facts)."""
        require(self.has_view_permission(request))
        if request.method == "POST":
            require(self.has_change_permission(request))
            self._attribute_post(request)
            return HttpResponseRedirect(request.get_full_path())
        data = request.GET.copy()
        data.setdefault("status", "proposed")
        form = AttributeFilterForm(data)
        context = {"form": form, "next": request.get_full_path(), "recent": self._attribute_entries()}
        if not form.is_valid():
            context |= {"invalid": form.errors_listed(), "values": None}
            return render(request, self, ATTRIBUTES_TEMPLATE, _("Attribute values"), context, status=400)
        number = form.cleaned_data.get("p") or 1
        values, total = selectors.attribute_values(
            filters=form.filters(), skip=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        context |= {"values": values, "total": total, "number": number}
        return render(request, self, ATTRIBUTES_TEMPLATE, _("Attribute values"), context)

    def _attribute_post(self, request) -> None:
        op, key = request.POST.get("op"), request.POST.get("key", "")
        version = request.POST.get("version") or None
        try:
            if op in ("accepted", "rejected"):
                services.attribute_decide(user=request.user, key=key, decision=op, expected_version=version)
                messages.success(request, _("Value %(op)s.") % {"op": _(op)})
            elif op == "edit":
                value = request.POST.get("value", "")
                problem = control_character_problem(field=str(_("value")), value=value)
                if problem is not None:
                    messages.error(request, f"{problem}.")
                    return
                services.attribute_edit(user=request.user, key=key, value=value, expected_version=version)
                messages.success(request, _("Replaced by the value you gave; the original is rejected."))
            elif op == "revert":
                revert_posted(request)
            else:
                messages.error(request, _("Unknown action."))
        except GraphError as exc:
            report_graph_error(request, exc)

    @staticmethod
    def _attribute_entries() -> list[AuditEntry]:
        entries = AuditEntry.objects.filter(target_kind=AuditEntry.Kind.ATTRIBUTE).select_related("user")
        return list(entries.prefetch_related("reverted_by").order_by("-pk")[:20])

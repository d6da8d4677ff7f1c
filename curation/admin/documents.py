"""Documents: the graph's source documents (seeds and submissions alike), and withdrawing one after a
preview of exactly what goes (the facts only it supported) and what stays (decided facts, noted)."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from curation import services
from curation.admin.common import render, report_graph_error, require, safe_next
from curation.models import SourceDocument
from kg import selectors
from kg import services as kg_services
from kg.cursors import SORTED_BY_VALUE, InvalidCursor, decode_cursor, encode_cursor, list_scope
from kg.errors import GraphError
from kg.types import DocumentListQuery

PAGE_SIZE = 50
ORDERING = "-ingested"
SHOWN_FACTS = 500  # per list on the confirmation page; the audit entry keeps every one
_SCOPE = list_scope("documents", ORDERING)


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    """No table behind it: documents are read through kg selectors and withdrawn through curation services."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.list_view), name="curation_sourcedocument_changelist"),
            path("withdraw/", wrap(self.withdraw_view), name="curation_sourcedocument_withdraw"),
        ]

    def has_add_permission(self, request) -> bool:
        return False  # documents come in as submissions

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def list_view(self, request):
        require(self.has_view_permission(request))
        query = request.GET.get("q", "").strip()[:200]
        try:
            after = decode_cursor(request.GET["cursor"], scope=_SCOPE, shape=SORTED_BY_VALUE)
        except (KeyError, InvalidCursor):
            after = None
        page = selectors.document_page(
            query=DocumentListQuery(ordering=ORDERING, limit=PAGE_SIZE, after=after, prefix=query or None)
        )
        following = {"q": query, "cursor": encode_cursor(scope=_SCOPE, position=page.next)} if page.next else None
        context = {
            "query": query,
            "documents": page.items,
            "next_page": f"?{urlencode(following)}" if following else "",
            "can_withdraw": self.has_delete_permission(request),
        }
        return render(request, self, "admin/curation/sourcedocument/list.html", _("Documents"), context)

    def withdraw_view(self, request):
        require(self.has_delete_permission(request))
        back = safe_next(request, reverse("admin:curation_sourcedocument_changelist"))
        if request.method == "POST":
            self._withdraw(request, request.POST.getlist("key"))
            return HttpResponseRedirect(back)
        keys = list(dict.fromkeys(k for k in request.GET.getlist("key") if k))[:50]
        previews, missing = [], []
        for key in keys:
            try:
                previews.append(kg_services.document_delete_preview(key=key))
            except GraphError as exc:
                missing.append(exc.message)
        context = {"previews": previews, "missing": missing, "shown": SHOWN_FACTS, "next": request.GET.get("next", "")}
        return render(request, self, "admin/curation/sourcedocument/withdraw.html", _("Withdraw documents"), context)

    def _withdraw(self, request, keys: list[str]) -> None:
        for key in dict.fromkeys(keys):
            # The text's hash as the preview showed it: a revision loaded since refuses the withdrawal.
            expected = request.POST.get(f"sha256:{key}") or None
            try:
                entry = services.document_withdraw(user=request.user, key=key, expected_sha256=expected)
            except GraphError as exc:
                report_graph_error(request, exc)
                continue
            messages.success(request, _("Withdrew %(key)s: %(note)s.") % {"key": key, "note": entry.note})

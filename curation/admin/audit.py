"""The audit log: every curation decision, read-only, each revertible (the revert is logged too)."""

import json

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curation import services
from curation.admin.common import diff_table, report_graph_error, require, safe_next
from curation.models import AuditEntry
from kg.errors import GraphError


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "action", "target", "note", "reverts"]
    list_filter = ["action", "target_kind", "user"]
    search_fields = ["target_key", "note", "=group"]
    date_hierarchy = "created_at"
    fields = ["created_at", "user", "action", "target", "note", "changes", "before_json", "after_json", "reverts"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        revert = path(
            "<int:entry_id>/revert/", self.admin_site.admin_view(self.revert_view), name="curation_auditentry_revert"
        )
        return [revert, *super().get_urls()]

    @admin.display(description=gettext_lazy("target"))
    def target(self, obj: AuditEntry) -> str:
        if obj.target_kind == AuditEntry.Kind.DOCUMENT:  # withdrawn: no page left to link
            return format_html("<code>{}</code>", obj.target_key)
        name = (
            "curation_reviewedfact_change"
            if obj.target_kind == AuditEntry.Kind.FACT
            else "curation_curatedentity_change"
        )
        return format_html(
            '<a href="{}">{}</a>', reverse(f"admin:{name}", kwargs={"key": obj.target_key}), obj.target_key
        )

    @admin.display(description=gettext_lazy("changes"))
    def changes(self, obj: AuditEntry) -> str:
        return diff_table(obj)

    @admin.display(description=gettext_lazy("before"))
    def before_json(self, obj: AuditEntry) -> str:
        return format_html('<pre class="json">{}</pre>', json.dumps(obj.before, indent=2, ensure_ascii=False))

    @admin.display(description=gettext_lazy("after"))
    def after_json(self, obj: AuditEntry) -> str:
        return format_html('<pre class="json">{}</pre>', json.dumps(obj.after, indent=2, ensure_ascii=False))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        entry = AuditEntry.objects.filter(pk=object_id).first()
        if entry is not None:
            extra_context = {
                **(extra_context or {}),
                "group_size": AuditEntry.objects.filter(group=entry.group).count() if entry.group else 1,
                "reverted": entry.reverted_by.exists(),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def revert_view(self, request, entry_id: int):
        entry = get_object_or_404(AuditEntry, pk=entry_id)
        require(request.method == "POST" and request.user.has_perm(services.revert_permission(entry)))
        try:
            reverts = services.audit_revert(user=request.user, entry_id=entry.pk)
        except GraphError as exc:
            report_graph_error(request, exc)
        else:
            done = (
                _("Reverted %(entry)s.") if len(reverts) == 1 else _("Reverted %(entry)s and its group: %(n)d entries.")
            )
            messages.success(request, done % {"entry": entry, "n": len(reverts)})
        return HttpResponseRedirect(safe_next(request, reverse("admin:curation_auditentry_changelist")))

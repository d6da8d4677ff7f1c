"""The audit log: every curation decision, read-only, each revertible (the revert is logged too)."""

import json
from dataclasses import dataclass

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curation import services
from curation.admin.common import report_graph_error, require, safe_next
from curation.models import AuditEntry
from kg.errors import GraphError


@dataclass(frozen=True)
class DiffRow:
    field: str
    before: object
    after: object
    changed: bool


MISSING = object()  # a field one side does not have (a creation has no "before")


def field_diff(before: dict | None, after: dict | None) -> list[DiffRow]:
    """An entry's before and after, field by field (the union of both sides' fields, in order)."""
    before, after = before or {}, after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [DiffRow("value", before, after, before != after)]
    fields = list(dict.fromkeys([*before, *after]))
    return [
        DiffRow(
            name,
            before.get(name, MISSING),
            after.get(name, MISSING),
            before.get(name, MISSING) != after.get(name, MISSING),
        )
        for name in fields
    ]


def _shown(value, changed: bool) -> str:
    if value is MISSING:
        return format_html('<span class="muted">{}</span>', "—")
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return format_html("<mark>{}</mark>", text) if changed else format_html("{}", text)


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
        rows = format_html_join(
            "",
            '<tr class="{}"><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            (
                (
                    "changed" if row.changed else "same",
                    row.field,
                    _shown(row.before, row.changed),
                    _shown(row.after, row.changed),
                )
                for row in field_diff(obj.before, obj.after)
            ),
        )
        head = format_html(
            "<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>", _("field"), _("before"), _("after")
        )
        return format_html('<table class="diff" id="diff">{}<tbody>{}</tbody></table>', head, rows)

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

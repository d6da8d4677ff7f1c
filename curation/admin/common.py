"""Helpers shared by the curation admin's custom views (facts and entities live in Neo4j)."""

import json
import re
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from curation.models import AuditEntry
from curation.services import audit_history, audit_revert, revert_permission
from kg.errors import GraphError, GraphUnavailable
from kg.vocabulary import Label

# A preview lists this many rows of each kind; the rest are counted.
PREVIEW_ROWS = 200


def render(request, model_admin, template: str, title: str, context: dict, status: int = 200) -> TemplateResponse:
    base = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "has_change_permission": model_admin.has_change_permission(request),
    }
    return TemplateResponse(request, template, {**base, **context}, status=status)


def capped(items: list | tuple | dict) -> dict:
    """A long list for a preview: the first rows, how many in all, how many not shown."""
    rows = list(items.items()) if isinstance(items, dict) else list(items)
    return {"rows": rows[:PREVIEW_ROWS], "count": len(rows), "more": max(len(rows) - PREVIEW_ROWS, 0)}


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def public_url(*, label: str, key: str) -> str:
    if label == Label.MODEL:
        return reverse("webui:model", kwargs={"key": key})
    return reverse("webui:entity", kwargs={"label_slug": Label(label).plural_slug, "key": key})


def report_graph_error(request, exc: GraphError) -> None:
    """Graph refusals become messages on the page; an outage is said plainly."""
    if isinstance(exc, GraphUnavailable):
        messages.error(request, "The graph database is unavailable; nothing was changed. Try again shortly.")
    else:
        messages.error(request, exc.message)


def safe_next(request, default: str) -> str:
    """Where a form asked to go back to, if it is on this site."""
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def revert_posted(request) -> None:
    """Revert the audit entry a page's form names (`entry`), with the permission its action needs,
    saying what happened; an id that names no entry is a message, not an error page. GraphError
    propagates, for the caller's report_graph_error."""
    entry_id = request.POST.get("entry", "")
    wellformed = re.fullmatch(r"[0-9]{1,18}", entry_id)  # not isdigit(): int() refuses '²'
    entry = AuditEntry.objects.filter(pk=int(entry_id)).first() if wellformed else None
    if entry is None:
        messages.error(request, _("No history entry %(id)s to revert.") % {"id": entry_id[:40]})
        return
    require(request.user.has_perm(revert_permission(entry)))
    reverts = audit_revert(user=request.user, entry_id=entry.pk)
    messages.success(request, _("Reverted %(n)d entries.") % {"n": len(reverts)})


def history(key: str, limit: int = 50) -> list[AuditEntry]:
    """A key's latest entries, each with `group_size` (the entries its revert undoes together) and
    `reverted` (whether a revert already undid it)."""
    entries = list(audit_history(key=key).prefetch_related("reverted_by")[:limit])
    groups = {e.group for e in entries if e.group}
    sizes = dict(
        AuditEntry.objects.filter(group__in=groups).values("group").annotate(n=Count("pk")).values_list("group", "n")
    )
    for entry in entries:
        entry.group_size = sizes.get(entry.group, 1)
        entry.reverted = bool(entry.reverted_by.all())
        entry.diff = diff_table(entry)
    return entries


def form_errors(form) -> str:
    """A form's errors as one message line: "field: error; …"."""
    lines = [str(e) for e in form.non_field_errors()]
    lines += [
        f"{form.fields[name].label}: {e}" for name, errors in form.errors.items() if name != "__all__" for e in errors
    ]
    return "; ".join(lines)


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


# A value longer than this (a merge's snapshot) is cut in the table; the entry's page has it whole.
DIFF_VALUE_CHARS = 1000


def _shown(value, changed: bool) -> str:
    if value is MISSING:
        return format_html('<span class="muted">{}</span>', "—")
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > DIFF_VALUE_CHARS:
        text = text[:DIFF_VALUE_CHARS] + "…"
    return format_html("<mark>{}</mark>", text) if changed else format_html("{}", text)


def diff_table(entry: AuditEntry) -> str:
    """An entry's before and after as a table, one row a field, the changed ones marked."""
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
            for row in field_diff(entry.before, entry.after)
        ),
    )
    head = format_html("<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>", _("field"), _("before"), _("after"))
    return format_html('<table class="diff" id="diff-{}">{}<tbody>{}</tbody></table>', entry.pk, head, rows)

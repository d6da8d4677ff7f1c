"""Helpers shared by the curation admin's custom views (facts and entities live in Neo4j)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from curation.models import AuditEntry
from curation.services import audit_history
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
    return entries


def form_errors(form) -> str:
    """A form's errors as one message line: "field: error; …"."""
    lines = [str(e) for e in form.non_field_errors()]
    lines += [
        f"{form.fields[name].label}: {e}" for name, errors in form.errors.items() if name != "__all__" for e in errors
    ]
    return "; ".join(lines)

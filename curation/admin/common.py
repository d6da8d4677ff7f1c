"""Helpers shared by the curation admin's custom views (facts and entities live in Neo4j)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from curation.services import audit_history
from kg.errors import GraphError, GraphUnavailable
from kg.vocabulary import Label


def render(request, model_admin, template: str, title: str, context: dict) -> TemplateResponse:
    base = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "has_change_permission": model_admin.has_change_permission(request),
    }
    return TemplateResponse(request, template, {**base, **context})


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


def history(key: str, limit: int = 50) -> list:
    return list(audit_history(key=key)[:limit])

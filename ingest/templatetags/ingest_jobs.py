"""The admin's header badge: how many of the user's jobs finished since they last saw the list."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from ingest.jobs_seen import jobs_finished_unseen

register = template.Library()


@register.simple_tag(takes_context=True)
def finished_jobs_badge(context) -> str:
    request = context.get("request")
    count = jobs_finished_unseen(request) if request is not None else 0
    if not count:
        return ""
    text = ngettext("%(n)d job of yours finished", "%(n)d jobs of yours finished", count) % {"n": count}
    url = reverse("admin:ingest_submission_changelist")
    return format_html(
        '<a class="jobs-badge" id="jobs-badge" href="{}"><span class="badge">{}</span> {}</a> / ', url, count, text
    )

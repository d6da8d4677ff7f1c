"""Addresses that moved keep working: a permanent redirect to where the page lives now."""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.views.decorators.http import require_safe


@require_safe
def curation_admin_moved(request: HttpRequest, model: str, rest: str = "") -> HttpResponsePermanentRedirect:
    """The review queue, entities and audit log moved from /admin/ingest/ to /admin/curation/.

    GET and HEAD only: a form posted to the old address is refused (405), not replayed elsewhere.
    The path is kept as the client sent it (a key with an encoded ?, # or % stays encoded)."""
    return HttpResponsePermanentRedirect(request.get_full_path().replace("/admin/ingest/", "/admin/curation/", 1))

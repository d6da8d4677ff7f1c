"""Top-level URLs: pages, the REST API, its schema and docs, the admin, health."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from api import errors as api_errors
from config.health import healthz
from config.moved import curation_admin_moved
from webui import views as webui_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Both docs pages run under the Content-Security-Policy: Swagger UI's setup script is served from
    # its own URL (?script), ReDoc's page loads no web fonts from elsewhere.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"), name="redoc"),
    # Bookmarks from before the curation app: the queue, entities and log moved out of /admin/ingest/.
    re_path(
        r"^admin/ingest/(?P<model>reviewedfact|curatedentity|auditentry)/(?P<rest>.*)$",
        curation_admin_moved,
        name="curation-admin-moved",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("webui.urls")),
]

handler404 = "webui.views.page_not_found"


def server_error(request: HttpRequest) -> HttpResponse:
    """An unexpected failure: the API's JSON error shape under /api/, the site's page elsewhere."""
    if request.path_info.startswith("/api/"):
        return api_errors.server_error(request)
    return webui_views.server_error(request)


handler500 = server_error

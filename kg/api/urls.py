"""URLs of the versioned REST API (mounted at /api/v1/)."""

from django.urls import include, path, re_path

import kg.urlconverters  # noqa: F401 - registers <label:...>
from kg.api import views, views_documents, views_export
from kg.api.errors import not_found
from kg.vocabulary import Label

app_name = "api"
urlpatterns = [
    path("search", views.SearchApi.as_view(), name="search"),
    path("path", views.PathApi.as_view(), name="path"),
    path("relations", views.RelationListApi.as_view(), name="relations"),
    path("export", views_export.ExportApi.as_view(), name="export"),
    path("documents", views_documents.DocumentsApi.as_view(), name="documents"),
    path("documents/<str:key>", views_documents.DocumentDetailApi.as_view(), name="document-detail"),
    path("jobs/<int:job_id>", views_documents.JobDetailApi.as_view(), name="job-detail"),
    *(
        path(label.plural_slug, views.entity_list_view(label).as_view(), name=f"{label.plural_slug}-list")
        for label in Label
    ),
    path("models/<str:key>/lineage", views.ModelLineageApi.as_view(), name="model-lineage"),
    path("<label:label_slug>/<str:key>/evidence", views.EntityEvidenceApi.as_view(), name="entity-evidence"),
    path("<label:label_slug>/<str:key>", views.EntityDetailApi.as_view(), name="entity-detail"),
    # The curators' writes (facts, entities, merges, audit log) have their own module.
    path("", include("kg.api.curation_urls")),
]

# Keep last: an /api/ URL nothing above matches answers 404 in the API's error shape.
urlpatterns.append(re_path(r"^(?P<path>[\s\S]*)$", not_found))

"""URLs of the curators' write endpoints (included by kg/api/urls.py under /api/v1/)."""

from django.urls import path

from kg.api import curation_views as views

urlpatterns = [
    path("facts", views.FactCreateApi.as_view(), name="fact-create"),
    path("facts/<path:key>/accept", views.FactDecisionApi.as_view(decision="accepted"), name="fact-accept"),
    path("facts/<path:key>/reject", views.FactRejectApi.as_view(), name="fact-reject"),
    path("facts/<path:key>/edit", views.FactEditApi.as_view(), name="fact-edit"),
    path("facts/<path:key>", views.FactDetailApi.as_view(), name="fact-detail"),
    path("entities", views.EntityCreateApi.as_view(), name="entity-create"),
    path("entities/merge", views.EntityMergeApi.as_view(), name="entity-merge"),
    path("entities/<path:key>", views.EntityEditApi.as_view(), name="entity-edit"),
    path("audit", views.AuditListApi.as_view(), name="audit-list"),
    path("audit/<int:entry_id>/revert", views.AuditRevertApi.as_view(), name="audit-revert"),
]

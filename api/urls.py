"""URLs of the versioned REST API (mounted at /api/v1/)."""

from django.urls import path, re_path

import kg.urlconverters  # noqa: F401 - registers <label:...>
from api.errors import not_found
from api.views import curation, documents, export, graph
from kg.vocabulary import Label

app_name = "api"
urlpatterns = [
    path("search", graph.SearchApi.as_view(), name="search"),
    path("path", graph.PathApi.as_view(), name="path"),
    path("relations", graph.RelationListApi.as_view(), name="relations"),
    path("export", export.ExportApi.as_view(), name="export"),
    path("documents", documents.DocumentsApi.as_view(), name="documents"),
    path("documents/<str:key>", documents.DocumentDetailApi.as_view(), name="document-detail"),
    path("jobs", documents.JobListApi.as_view(), name="job-list"),
    path("jobs/<int:job_id>", documents.JobDetailApi.as_view(), name="job-detail"),
    path("jobs/<int:job_id>/rerun", documents.JobRerunApi.as_view(), name="job-rerun"),
    path("jobs/<int:job_id>/cancel", documents.JobCancelApi.as_view(), name="job-cancel"),
    *(
        path(label.plural_slug, graph.entity_list_view(label).as_view(), name=f"{label.plural_slug}-list")
        for label in Label
    ),
    path("models/<str:key>/lineage", graph.ModelLineageApi.as_view(), name="model-lineage"),
    path(
        "<label:label_slug>/<str:key>/neighbourhood",
        graph.EntityNeighbourhoodApi.as_view(),
        name="entity-neighbourhood",
    ),
    path("<label:label_slug>/<str:key>/evidence", graph.EntityEvidenceApi.as_view(), name="entity-evidence"),
    path("<label:label_slug>/<str:key>", graph.EntityDetailApi.as_view(), name="entity-detail"),
    # The curators' writes: facts, entities, merges, the audit log.
    path("facts", curation.FactCreateApi.as_view(), name="fact-create"),
    path("facts/<path:key>/accept", curation.FactDecisionApi.as_view(decision="accepted"), name="fact-accept"),
    path("facts/<path:key>/reject", curation.FactRejectApi.as_view(), name="fact-reject"),
    path("facts/<path:key>/edit", curation.FactEditApi.as_view(), name="fact-edit"),
    path("facts/<path:key>/evidence", curation.FactEvidenceApi.as_view(), name="fact-evidence"),
    path("facts/<path:key>", curation.FactDetailApi.as_view(), name="fact-detail"),
    path("entities", curation.EntityCreateApi.as_view(), name="entity-create"),
    path("entities/merge", curation.EntityMergeApi.as_view(), name="entity-merge"),
    path("entities/<path:key>", curation.EntityEditApi.as_view(), name="entity-edit"),
    path("attribute-values", curation.AttributeQueueApi.as_view(), name="attribute-values"),
    path("attribute-values/<path:key>/accept", curation.AttributeDecisionApi.as_view(), name="attribute-accept"),
    path("attribute-values/<path:key>/reject", curation.AttributeRejectApi.as_view(), name="attribute-reject"),
    path("attribute-values/<path:key>/edit", curation.AttributeEditApi.as_view(), name="attribute-edit"),
    path("audit", curation.AuditListApi.as_view(), name="audit-list"),
    path("audit/<int:entry_id>/revert", curation.AuditRevertApi.as_view(), name="audit-revert"),
]

# Keep last: an /api/ URL nothing above matches answers 404 in the API's error shape.
urlpatterns.append(re_path(r"^(?P<path>[\s\S]*)$", not_found))

"""URLs of the versioned REST API (mounted at /api/v1/)."""

from django.urls import path

import kg.urlconverters  # noqa: F401 - registers <label:...>
from kg.api import views

app_name = "api"
urlpatterns = [
    path("search", views.SearchApi.as_view(), name="search"),
    path("models/<str:key>/lineage", views.ModelLineageApi.as_view(), name="model-lineage"),
    path("<label:label_slug>/<str:key>", views.EntityDetailApi.as_view(), name="entity-detail"),
]

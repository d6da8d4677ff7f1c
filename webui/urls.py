"""URLs of the browsable pages."""

from django.urls import path

import kg.urlconverters  # noqa: F401 - registers <label:...>
from webui import lists, views

app_name = "webui"
urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("compare", views.compare, name="compare"),
    path("documents", lists.document_list, name="documents"),
    path("curator-links", views.curator_links, name="curator_links"),
    path("<label:label_slug>", lists.entity_list, name="list"),
    path("models/<str:key>", views.model_page, name="model"),
    path("explore/<str:key>", views.explore, name="explore"),
    path("documents/<str:key>", views.document_page, name="document"),
    path("<label:label_slug>/<str:key>", views.entity_page, name="entity"),
]

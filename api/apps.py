from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The versioned REST API over the graph (DRF): reads, documents, exports and curators' writes."""

    name = "api"
    verbose_name = "REST API"

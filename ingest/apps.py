"""Django app configuration for `ingest`."""

from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "ingest"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ingest import checks  # noqa: F401 - registers the system checks
        from ingest.submissions import follow_document_deletions

        follow_document_deletions()

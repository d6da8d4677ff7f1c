from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Curators' decisions on the graph: review, edit, merge, revert, each recorded in the audit log."""

    name = "curation"
    verbose_name = "Curation"
    default_auto_field = "django.db.models.BigAutoField"

"""The project itself as an app: its deploy checks register, its templates (API docs) are found."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "config"
    label = "site"
    verbose_name = "Site"

    def ready(self) -> None:
        from config import security  # noqa: F401 - registers the deploy checks

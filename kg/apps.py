"""Django app configuration for `kg`."""

from django.apps import AppConfig


class KgConfig(AppConfig):
    name = "kg"
    default_auto_field = "django.db.models.BigAutoField"

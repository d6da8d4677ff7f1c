"""Apply the graph schema migrations (constraints and indexes)."""

from django.core.management.base import BaseCommand, CommandError

from kg.errors import GraphError
from kg.repository import schema


class Command(BaseCommand):
    help = "Apply pending graph schema migrations (kg/repository/migrations/*.cypher)."

    def handle(self, *args, **options) -> None:
        try:
            done = schema.migrate()
        except GraphError as exc:
            raise CommandError(f"{exc.message} ({exc.detail})") from exc
        if done:
            self.stdout.write(self.style.SUCCESS(f"Applied: {', '.join(done)}"))
        else:
            self.stdout.write("Graph schema is up to date.")

"""Plan every statement the app sends, so the first reader after a Neo4j start waits no longer than the next."""

from django.core.management.base import BaseCommand, CommandError

from kg.warm import warm


class Command(BaseCommand):
    help = "Have Neo4j plan every statement the pages, the API and the worker send (kg/warm.py); prints the times."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--reads-only", action="store_true", help="skip the rolled-back document load")

    def handle(self, *args, reads_only: bool = False, **options) -> None:
        done = warm(writes=not reads_only)
        for item in done:
            line = f"{item.seconds * 1000:8.0f} ms  {item.name}"
            self.stdout.write(self.style.ERROR(f"{line}  {item.error}") if item.error else line)
        failed = [item for item in done if item.error]
        total = sum(item.seconds for item in done)
        if failed:
            raise CommandError(f"{len(failed)} of {len(done)} statements failed to warm (first: {failed[0].error}).")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} statements planned ({total:.1f} s of planning)."))

"""Read a `kg_export` JSON file back into the graph: `manage.py kg_import FILE [--replace]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from kg import exchange
from kg.errors import GraphError


class Command(BaseCommand):
    help = "Import a kg-export JSON file; rows upsert by key, or --replace empties the graph first."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a file written by kg_export --format json")
        parser.add_argument("--replace", action="store_true", help="delete the whole graph before importing")

    def handle(self, *args, **options) -> None:
        try:
            with open(options["file"], encoding="utf-8") as source:
                data = json.load(source)
        except (OSError, ValueError, RecursionError) as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc}") from exc
        try:
            # The whole file is checked before anything is written (or, with --replace, wiped).
            counts = exchange.graph_import(data=data, replace=options["replace"])
        except exchange.ImportFileError as exc:
            raise CommandError(f"Not imported: {exc}") from exc
        except GraphError as exc:
            raise CommandError(f"{exc.message} ({exc.detail})") from exc
        summary = ", ".join(f"{count} {section}" for section, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {summary}."))

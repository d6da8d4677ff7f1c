"""Write the whole graph with provenance to a file (or stdout): `manage.py kg_export FILE [--format json]`."""

import sys

from django.core.management.base import BaseCommand, CommandError

from kg import exchange
from kg.errors import GraphError


class Command(BaseCommand):
    help = "Export entities, documents (with text), facts, claims, mentions, relations and redirects."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="where to write; - for stdout")
        parser.add_argument(
            "--format", choices=sorted(exchange.EXPORTERS), default="json", help="json is what kg_import reads"
        )

    def handle(self, *args, **options) -> None:
        try:
            unknown = exchange.unexported_content()
            if unknown["labels"] or unknown["types"]:
                # The export would not be lossless: say what it leaves out rather than drop it quietly.
                self.stderr.write(f"warning: not exported: labels {unknown['labels']}, types {unknown['types']}")
            if options["file"] == "-":
                self._write(sys.stdout, options["format"])
            else:
                with open(options["file"], "w", encoding="utf-8", newline="") as out:
                    self._write(out, options["format"])
        except GraphError as exc:
            raise CommandError(f"{exc.message} ({exc.detail})") from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc

    def _write(self, out, fmt: str) -> None:
        for chunk in exchange.graph_export(fmt=fmt):
            out.write(chunk)

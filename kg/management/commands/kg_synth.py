"""Load a synthetic graph shaped like a public model hub: `manage.py kg_synth --models N [--seed S]`."""

import json
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kg import repository
from kg.errors import GraphError
from kg.repository import bulk
from kg.synth import Chunk, HubSynth, SynthSpec, chunk_write


class Command(BaseCommand):
    help = "Bulk-load a deterministic synthetic model hub (models, lineage, orgs, techniques, papers, datasets)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--models", type=int, required=True, help="how many models")
        parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same graph")
        parser.add_argument("--batch", type=int, default=1000, help="fact rows per UNWIND transaction (entities: 5x)")
        parser.add_argument("--wipe", action="store_true", help="delete the WHOLE graph first")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options) -> None:
        if options["models"] < 1 or options["batch"] < 1:
            raise CommandError("--models and --batch must be positive.")
        spec = SynthSpec(
            models=options["models"], seed=options["seed"], threshold=settings.INGEST_AUTO_ACCEPT_CONFIDENCE
        )
        try:
            if options["wipe"]:
                repository.wipe()
            started = time.perf_counter()
            written = self._load(spec, options["batch"], show_bar=sys.stderr.isatty())
            seconds = time.perf_counter() - started
        except GraphError as exc:
            raise CommandError(f"{exc.message} ({exc.detail})") from exc
        summary = {
            "models": spec.models,
            "seed": spec.seed,
            "nodes": written.nodes,
            "relationships": written.relationships,
            "seconds": round(seconds, 2),
            "items_per_second": round((written.nodes + written.relationships) / seconds),
        }
        if options["format"] == "json":
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"{spec.models} models: {written.nodes} nodes and {written.relationships} relationships "
                f"in {seconds:.1f} s ({summary['items_per_second']} nodes+relationships/s)"
            )

    def _load(self, spec: SynthSpec, batch: int, *, show_bar: bool) -> bulk.Written:
        """Generate the next chunk while the previous one is written: Neo4j and Python work in parallel."""
        written = bulk.NOTHING
        chunks = HubSynth(spec).chunks()
        first = next(chunks)
        self._refuse_existing(first)
        pending: Future | None = None
        with (
            ThreadPoolExecutor(max_workers=1) as writer,
            tqdm(total=spec.models, unit="model", disable=not show_bar) as bar,
        ):
            for chunk in _prepend(first, chunks):
                if pending is not None:
                    written += self._finish(pending, bar)
                pending = writer.submit(lambda c=chunk: (c.models, chunk_write(c, batch=batch)))
            if pending is not None:
                written += self._finish(pending, bar)
        bulk.graph_changed()
        return written

    @staticmethod
    def _finish(pending: Future, bar: tqdm) -> bulk.Written:
        models, written = pending.result()
        bar.update(models)
        return written

    @staticmethod
    def _refuse_existing(first: Chunk) -> None:
        keys = [rows[0]["key"] for rows in first.entities.values() if rows]
        if bulk.keys_existing(keys=keys):
            raise CommandError("The graph already holds this synthetic graph; run with --wipe to replace it.")


def _prepend(first: Chunk, rest):
    yield first
    yield from rest

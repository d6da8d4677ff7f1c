"""Load a synthetic graph shaped like a public model hub: `python -m bench.synth --models N [--seed S]`.

Run from the repository root; it sets Django up itself (DJANGO_SETTINGS_MODULE, default
config.settings), so the graph is the one the app's settings name.
"""

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import django
from django.apps import apps
from django.conf import settings
from tqdm import tqdm

from bench.synth import load
from bench.synth.hub import HubSynth, SynthSpec, chunk_write
from bench.synth.parts import Chunk
from kg import repository
from kg.errors import GraphError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synth",
        description="Bulk-load a deterministic synthetic model hub (models, lineage, orgs, techniques, papers, datasets).",
    )
    parser.add_argument("--models", type=int, required=True, help="how many models")
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same graph")
    parser.add_argument("--batch", type=int, default=1000, help="fact rows per UNWIND transaction (entities: 5x)")
    parser.add_argument("--wipe", action="store_true", help="delete the WHOLE graph first")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    return parser


def _setup_django() -> None:
    """Set Django up unless it already is (a test calling main)."""
    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        django.setup()


def main(argv: list[str] | None = None) -> None:
    """Parse, load, print the summary; a refused load exits with its reason (SystemExit)."""
    parser = _parser()
    options = parser.parse_args(argv)
    if options.models < 1 or options.batch < 1:
        parser.error("--models and --batch must be positive.")
    _setup_django()
    spec = SynthSpec(models=options.models, seed=options.seed, threshold=settings.INGEST_AUTO_ACCEPT_CONFIDENCE)
    try:
        if options.wipe:
            repository.wipe()
        started = time.perf_counter()
        written = _load(spec, options.batch, show_bar=sys.stderr.isatty())
        seconds = time.perf_counter() - started
    except GraphError as exc:
        raise SystemExit(f"{exc.message} ({exc.detail})") from exc
    summary = {
        "models": spec.models,
        "seed": spec.seed,
        "nodes": written.nodes,
        "relationships": written.relationships,
        "seconds": round(seconds, 2),
        "items_per_second": round((written.nodes + written.relationships) / seconds),
    }
    if options.format == "json":
        print(json.dumps(summary))
    else:
        print(
            f"{spec.models} models: {written.nodes} nodes and {written.relationships} relationships "
            f"in {seconds:.1f} s ({summary['items_per_second']} nodes+relationships/s)"
        )


def _load(spec: SynthSpec, batch: int, *, show_bar: bool) -> load.Written:
    """Generate the next chunk while the previous one is written: Neo4j and Python work in parallel."""
    written = load.NOTHING
    chunks = HubSynth(spec).chunks()
    first = next(chunks)
    _refuse_existing(first)
    pending: Future | None = None
    with (
        ThreadPoolExecutor(max_workers=1) as writer,
        tqdm(total=spec.models, unit="model", disable=not show_bar) as bar,
    ):
        for chunk in _prepend(first, chunks):
            if pending is not None:
                written += _finish(pending, bar)
            pending = writer.submit(lambda c=chunk: (c.models, chunk_write(c, batch=batch)))
        if pending is not None:
            written += _finish(pending, bar)
    load.graph_changed()
    return written


def _finish(pending: Future, bar: tqdm) -> load.Written:
    models, written = pending.result()
    bar.update(models)
    return written


def _refuse_existing(first: Chunk) -> None:
    keys = [rows[0]["key"] for rows in first.entities.values() if rows]
    if load.keys_existing(keys=keys):
        raise SystemExit("The graph already holds this synthetic graph; run with --wipe to replace it.")


def _prepend(first: Chunk, rest: Iterator[Chunk]) -> Iterator[Chunk]:
    yield first
    yield from rest


if __name__ == "__main__":
    main()

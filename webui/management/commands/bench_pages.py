"""Measures server time of the pages on the current graph (a benchmark to read, never a test to pass)."""

import statistics
import time

from django.core.management.base import BaseCommand
from django.test import Client

from kg import selectors


class Command(BaseCommand):
    help = "Render model, entity, document, search and home pages repeatedly and print p50/p95 server time."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rounds", type=int, default=20, help="renders per page")
        parser.add_argument("--models", type=int, default=10, help="how many model pages (largest families first)")

    def handle(self, *args, rounds: int, models: int, **options) -> None:
        client = Client(SERVER_NAME="localhost")
        keys = [f.root.key for f in selectors.lineage_families(limit=models, members=1)]
        keys += [m.key for f in selectors.lineage_families(limit=models, members=3) for m in f.members]
        pages = {
            "home": ["/"],
            "search": ["/search?q=gpt3", "/search?q=谷歌"],
            "model": [f"/models/{key}" for key in dict.fromkeys(keys)][:models],
            "document": [f"/documents/{d.key}" for d in selectors.documents_recent(limit=3)],
            "explore": [f"/explore/{key}?hops=2" for key in keys[:3]],
        }
        for name, paths in pages.items():
            timings, cpu = [], []
            for path in paths:
                client.get(path)  # warm: driver connection, template cache
                for _ in range(rounds):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    response = client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                    if response.status_code != 200:
                        self.stderr.write(f"{path}: HTTP {response.status_code}")
            if timings:
                p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
                self.stdout.write(
                    f"{name:9} pages={len(paths):3} renders={len(timings):5} "
                    f"p50={statistics.median(timings):7.1f} ms  p95={p95:7.1f} ms  max={max(timings):7.1f} ms  "
                    # Python's own CPU per page: what a busy machine does not inflate (Neo4j's time is not in it).
                    f"web-cpu p50={statistics.median(cpu):6.1f} ms"
                )

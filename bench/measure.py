"""Measure one graph size: each API figure over HTTP next to the same query on the bare driver, and ingest."""

import argparse
import http.client
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from bench.extraction import articles as extraction_articles  # noqa: E402
from bench.stats import summary  # noqa: E402
from bench.synth import load as bulk  # noqa: E402
from ingest.services import document_ingest  # noqa: E402
from kg import repository, selectors, services  # noqa: E402
from kg.vocabulary import LINEAGE_TYPES  # noqa: E402

WARMUP = 20
LINEAGE_CASES = [("up", 3), ("up", 6), ("down", 3), ("down", 6)]
ALL_TYPES = [t.value for t in LINEAGE_TYPES]


class Http:
    """One keep-alive connection to the app on loopback; a request's time is until its body is read."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path: str) -> tuple[float, bytes]:
        started = time.perf_counter()
        self.conn.request("GET", path, headers={"Accept": "application/json, text/html"})
        response = self.conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:200]!r}")
        return elapsed, body

    def wait_ready(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self.get("/healthz")
                return
            except (OSError, RuntimeError, http.client.HTTPException):
                self.conn.close()
                time.sleep(0.5)
        raise RuntimeError("the app did not come up")


def timed(call: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def paired(cases: list, api: Callable, raw: Callable, requests: int) -> dict:
    """Alternate API and driver on the same inputs so both see the same noise; warm-up runs are dropped."""
    api_times, raw_times, sizes = [], [], []
    for i in range(WARMUP + requests):
        case = cases[i % len(cases)]
        api_time, size = api(case)
        raw_time, _ = raw(case)
        if i >= WARMUP:
            api_times.append(api_time)
            raw_times.append(raw_time)
            sizes.append(size)
    result = {"api": summary(api_times), "raw": summary(raw_times), "answer_size": summary(sizes, scale=1)}
    result["ratio_p50"] = round(result["api"]["p50"] / result["raw"]["p50"], 2)
    result["ratio_p95"] = round(result["api"]["p95"] / result["raw"]["p95"], 2)
    result["points"] = [[s, round(t * 1000, 2)] for s, t in zip(sizes, api_times, strict=True)][:400]
    return result


def lineage(web: Http, ups: list[str], downs: list[str], requests: int) -> dict:
    results = {}
    for direction, depth in LINEAGE_CASES:
        keys = ups if direction == "up" else downs

        def api(key: str, direction=direction, depth=depth) -> tuple[float, int]:
            query = urlencode({"direction": direction, "depth": depth})
            elapsed, body = web.get(f"/api/v1/models/{quote(key)}/lineage?{query}")
            return elapsed, len(json.loads(body)["nodes"])

        def raw(key: str, direction=direction, depth=depth) -> tuple[float, object]:
            return timed(
                lambda: repository.lineage(
                    key=key, directions=(direction,), depth=depth, types=ALL_TYPES, include_unreviewed=True, limit=500
                )
            )

        results[f"{direction}-{depth}"] = paired(keys, api, raw, requests)
    return results


def search(web: Http, queries: dict[str, list[str]], requests: int) -> dict:
    results = {}
    for script, texts in queries.items():

        def api(text: str) -> tuple[float, int]:
            elapsed, body = web.get(f"/api/v1/search?{urlencode({'q': text, 'limit': 20})}")
            return elapsed, len(json.loads(body)["results"])

        def raw(text: str) -> tuple[float, object]:
            return timed(lambda: repository.search(query=selectors._lucene_query(text), limit=60))

        results[script] = paired(texts, api, raw, requests)
    return results


def model_page(web: Http, keys: list[str], requests: int) -> dict:
    def api(key: str) -> tuple[float, int]:
        elapsed, body = web.get(f"/models/{quote(key)}")
        return elapsed, len(body)

    def raw(key: str) -> tuple[float, object]:
        return timed(lambda: repository.model_view(key=key, depth=3, include_unreviewed=True))

    return paired(keys, api, raw, requests)


def search_texts(models: list[dict], rng: random.Random) -> dict[str, list[str]]:
    """What people type: a family name, a full name, a name with a typo; Chinese aliases whole or in part."""
    latin, cjk = [], []
    for model in models:
        name = model["name"]
        family = name.split("-")[0]
        typo = name[:2] + name[3] + name[2] + name[4:] if len(name) > 5 else name
        latin += [family, name, typo]
        for alias in model["aliases"]:
            if any("\u4e00" <= ch <= "\u9fff" for ch in alias):
                cjk += [alias, alias.split("-")[0]]
    rng.shuffle(latin)
    rng.shuffle(cjk)
    return {"latin": latin, "cjk": cjk}


def ingest(models: int) -> dict:
    """Extraction alone over every article we have (seeds and the development set, all their
    languages), then the seed articles extracted and loaded into this graph."""
    articles = sorted(Path(settings.FIXTURE_ARTICLES_DIR).glob("*.txt"))
    sources = [(p.name, p.read_bytes()) for p in articles]
    everything = [(name, text.encode("utf-8")) for name, _, text in extraction_articles()]
    for name, source in everything:  # lexicons and matchers load on first use: not part of the rate
        document_ingest(source=source, key=f"bench-warm-{name}", name=name, dry_run=True)
    chars, started = 0, time.perf_counter()
    for _ in range(3):
        for name, source in everything:
            chars += document_ingest(source=source, key=name, name=name, dry_run=True).extraction.document.chars
    dry = chars / (time.perf_counter() - started)
    chars, started = 0, time.perf_counter()
    for name, source in sources:
        chars += document_ingest(source=source, key=f"bench-{models}-{name}", name=name).extraction.document.chars
    loaded = chars / (time.perf_counter() - started)
    for name, _ in sources:
        services.document_delete(key=f"bench-{models}-{name}")
    return {
        "articles": len(sources),
        "chars": chars,
        "dry_run_chars_per_s": round(dry),
        "neo4j_chars_per_s": round(loaded),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", type=int, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--load", type=Path, required=True, help="python -m bench.synth --format json output")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rng = random.Random(args.models)
    web = Http(args.port)
    web.wait_ready()
    sample = bulk.models_sample(count=max(100, args.requests), seed=args.models)
    ups = [m["key"] for m in sample]
    # Parents of uniformly drawn models: a model is drawn as often as it has derivatives, like popular pages.
    downs = [m["parent"] for m in sample if m["parent"]]
    result = {"models": args.models, "load": json.loads(args.load.read_text()), "loadavg_before": os.getloadavg()}
    result["lineage"] = lineage(web, ups, downs, args.requests)
    result["search"] = search(web, search_texts(sample, rng), args.requests)
    pages = [key for pair in zip(ups, downs, strict=False) for key in pair]
    result["page"] = model_page(web, pages, args.requests)
    try:
        result["ingest"] = ingest(args.models)
    except Exception as exc:  # noqa: BLE001 - a broken pipeline is a finding, not a reason to lose the rest
        result["ingest"] = {"error": f"{exc.__class__.__name__}: {exc}"}
    result["loadavg_after"] = os.getloadavg()
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k in ("models", "ingest", "loadavg_after")}))


if __name__ == "__main__":
    main()

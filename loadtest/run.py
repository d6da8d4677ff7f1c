"""A bounded load test on loopback: N clients for T seconds against a running server, a mix of
lineage, search, page and entity reads, and optionally a document submitted meanwhile (with
--adversarial, first a 60 KB document of 10,000 × one model name) by a curator, as a user would.

    python -m loadtest.run --base-url http://127.0.0.1:8000 --clients 20 --duration 60 \
        [--ingest FILE --token CURATOR_TOKEN [--adversarial]] [--output report.json]

Prints a JSON report (requests, errors other than 429, how many 429s the throttles answered,
latency percentiles per kind, each submission's time from submission to done, what the graph held
before and after) and exits 1 on any error, a failed ingest, a normal document not done within
NORMAL_DONE_WITHIN_S of its submission, or anything that was there before and is gone.
Standard library only: threads with keep-alive-capable http.client connections.
"""

import argparse
import http.client
import json
import math
import random
import sys
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

# The adversarial document: one model name 10,000 times (60 KB), quadratic to extract before issue 16.
ADVERSARIAL_TEXT = " ".join(["GPT-3"] * 10_000)
NORMAL_DONE_WITHIN_S = 30.0
LISTS = ("models", "organizations", "techniques", "papers", "datasets")
# What the clients ask for, and how often: the reads a busy day of browsing makes.
WEIGHTS = {
    "lineage_api": 25,
    "search_api": 15,
    "model_page": 20,
    "entity_api": 15,
    "entity_page": 10,
    "search_page": 10,
    "document_page": 5,
}


@dataclass(frozen=True)
class Target:
    kind: str
    path: str


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    throttled: int = 0  # 429s: the throttles as shipped answering as intended, not errors
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None, throttled: bool = False) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.throttled += throttled
            if error:
                self.errors.append(error)


@dataclass(frozen=True)
class Report:
    clients: int
    duration_s: float
    requests: int
    errors: int
    error_samples: list[str]
    requests_per_s: float
    latency_ms: dict[str, dict[str, float]]
    ingest: dict | None
    before: dict
    after: dict
    lost: list[str]
    throttled: int = 0
    throttled_by_kind: dict[str, int] = field(default_factory=dict)
    adversarial: dict | None = None

    @property
    def ok(self) -> bool:
        ingest_ok = self.ingest is None or (
            self.ingest.get("state") == "done" and self.ingest.get("done_after_s", 0) <= NORMAL_DONE_WITHIN_S
        )
        adversarial_ok = self.adversarial is None or self.adversarial.get("state") == "done"
        return self.errors == 0 and not self.lost and ingest_ok and adversarial_ok


class Http:
    """One connection per client thread; gunicorn's sync workers close it after each answer, and
    http.client opens a new one for the next request by itself."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.headers = {"Authorization": f"Token {token}"} if token else {}
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise

    def json(self, path: str) -> dict:
        status, body = self.request("GET", path)
        for _ in range(120):  # throttled (the rates as shipped): wait as a client should, then ask again
            if status != 429:
                break
            time.sleep(1)
            status, body = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body[:200]!r}")
        return json.loads(body)


def snapshot(http_: Http) -> dict:
    """Every entity (label/key) and document key the API lists, following the cursors to the end."""
    found: dict[str, list[str]] = {}
    for name in (*LISTS, "documents"):
        keys, path = [], f"/api/v1/{name}?limit=200&fields=key"
        while path:
            page = http_.json(path)
            keys += [row["key"] for row in page["results"]]
            path = f"/api/v1/{name}?limit=200&fields=key&cursor={page['cursor']}" if page.get("cursor") else ""
        found[name] = sorted(keys)
    return found


def targets(graph: dict) -> list[Target]:
    """The requests to spread the load over, built from what the graph holds."""
    found: list[Target] = []
    for key in graph["models"]:
        safe = quote(key, safe="")
        found += [
            Target("lineage_api", f"/api/v1/models/{safe}/lineage?depth=3"),
            Target("model_page", f"/models/{safe}"),
        ]
        found.append(Target("search_api", f"/api/v1/search?q={quote(key[:3])}"))
        found.append(Target("search_page", f"/search?q={quote(key[:4])}"))
    for name in LISTS:
        for key in graph[name]:
            safe = quote(key, safe="")
            found += [Target("entity_api", f"/api/v1/{name}/{safe}"), Target("entity_page", f"/{name}/{safe}")]
    found += [Target("document_page", f"/documents/{quote(key, safe='')}") for key in graph["documents"]]
    return found


def _client(base_url: str, pool: dict[str, list[Target]], deadline: float, tally: Tally, seed: int) -> None:
    chooser = random.Random(seed)
    kinds = [kind for kind in WEIGHTS if pool.get(kind)]
    weights = [WEIGHTS[kind] for kind in kinds]
    http_ = Http(base_url)
    while time.monotonic() < deadline:
        target = chooser.choice(pool[chooser.choices(kinds, weights)[0]])
        started = time.perf_counter()
        status = 0
        try:
            status, _ = http_.request("GET", target.path)
            error = None if status < 400 or status == 429 else f"{status} {target.path}"
        except (OSError, http.client.HTTPException) as exc:
            error = f"{exc.__class__.__name__} {target.path}"
        kind = f"{target.kind} (429)" if status == 429 else target.kind
        tally.add(kind, time.perf_counter() - started, error, throttled=status == 429)


def _ingest(base_url: str, token: str, body: dict, delay: float, result: dict) -> None:
    """Submit one document while the load runs, follow its job to the end (waiting out a 429 as a
    client should) and note how long it took from the submission to done."""
    time.sleep(delay)
    http_ = Http(base_url, token)
    submitted = time.monotonic()
    status, answer = http_.request("POST", "/api/v1/documents", body)
    while status == 429 and time.monotonic() - submitted < 60:
        time.sleep(1)
        status, answer = http_.request("POST", "/api/v1/documents", body)
    if status != 202:
        result.update(state="refused", status=status, body=answer[:300].decode(errors="replace"))
        return
    job = json.loads(answer)
    while time.monotonic() - submitted < 1800:
        status, answer = http_.request("GET", job["url"])
        if status == 429:
            time.sleep(1)
            continue
        if status != 200:
            result.update(state="unreadable", status=status, body=answer[:300].decode(errors="replace"))
            return
        job = json.loads(answer)
        if job["state"] in ("done", "failed"):
            break
        time.sleep(0.25)
    result.update(
        state=job["state"],
        job=job["url"],
        document=(job.get("document") or {}).get("key"),
        error=job["error"],
        chars=len(body["text"]),
        done_after_s=round(time.monotonic() - submitted, 1),
    )


def _percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def _latency(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    stats = {"n": len(ordered)}
    for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
        stats[name] = round(_percentile(ordered, q) * 1000, 1)
    stats["max"] = round(ordered[-1] * 1000, 1)
    return stats


def _lost(before: dict, after: dict) -> list[str]:
    return [f"{name}/{key}" for name, keys in before.items() for key in sorted(set(keys) - set(after.get(name, [])))]


def run(
    *,
    base_url: str,
    clients: int,
    duration: float,
    ingest: Path | None = None,
    token: str | None = None,
    adversarial: bool = False,
) -> Report:
    http_ = Http(base_url, token)  # the snapshots read as the curator: a user's rate, not the clients'
    before = snapshot(http_)
    pool: dict[str, list[Target]] = defaultdict(list)
    for target in targets(before):
        pool[target.kind].append(target)
    tally, ingest_result, adversarial_result = Tally(), {}, {}
    deadline = time.monotonic() + duration
    threads = [
        threading.Thread(target=_client, args=(base_url, pool, deadline, tally, seed), daemon=True)
        for seed in range(clients)
    ]
    if ingest is not None and token:
        # A separate copy of a loaded article (`force`): everything it states overlaps what is loaded.
        body = {"text": ingest.read_text(encoding="utf-8"), "title": f"Load test: {ingest.name}", "force": True}
        threads.append(threading.Thread(target=_ingest, args=(base_url, token, body, duration / 4, ingest_result)))
        if adversarial:  # submitted just before the normal one, so it is ahead of it in the queue
            hostile = {"text": ADVERSARIAL_TEXT, "title": "Load test: 10,000 × GPT-3", "language": "en"}
            args = (base_url, token, hostile, duration / 4 - 1, adversarial_result)
            threads.append(threading.Thread(target=_ingest, args=args))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    after = snapshot(http_)
    everything = [seconds for values in tally.latencies.values() for seconds in values]
    return Report(
        clients=clients,
        duration_s=round(elapsed, 1),
        requests=len(everything),
        errors=len(tally.errors),
        error_samples=tally.errors[:20],
        requests_per_s=round(len(everything) / duration, 1),
        latency_ms={"all": _latency(everything), **{k: _latency(v) for k, v in sorted(tally.latencies.items())}},
        ingest=ingest_result or None,
        before={name: len(keys) for name, keys in before.items()},
        after={name: len(keys) for name, keys in after.items()},
        lost=_lost(before, after),
        throttled=tally.throttled,
        throttled_by_kind={k.removesuffix(" (429)"): len(v) for k, v in sorted(tally.latencies.items()) if "429" in k},
        adversarial=adversarial_result or None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--ingest", type=Path, help="a UTF-8 document to submit while the load runs")
    parser.add_argument("--token", help="a curator's API token (for --ingest)")
    parser.add_argument("--adversarial", action="store_true", help="also submit 10,000 × a model name (60 KB)")
    parser.add_argument("--output", type=Path, help="also write the JSON report here")
    args = parser.parse_args(argv)
    report = run(
        base_url=args.base_url,
        clients=args.clients,
        duration=args.duration,
        ingest=args.ingest,
        token=args.token,
        adversarial=args.adversarial,
    )
    text = json.dumps({**asdict(report), "ok": report.ok}, indent=1)
    print(text)
    if args.output:
        args.output.write_text(text)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())

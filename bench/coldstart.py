"""The first requests after a restart: Neo4j restarted (its plan cache is empty, its JVM cold), then the
web server started as `make run` and docker-compose start it, then one request per page shape, each
the first of its kind. Twice: with the start-up warm-up (kg/warm.py, the default) and without it
(KG_WARM_AT_START=0), to show what the warm-up saves. Expects scripts/neo4j.sh's environment
(NEO4J_* variables) and a loaded graph; prints JSON and writes it to --out.

    python bench/coldstart.py --out var/coldstart.json [--model t5 --organization google]
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import Http  # noqa: E402

DEPTHS = (1, 3, 6, 10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _neo4j_restart() -> None:
    for command in ("stop", "start"):
        subprocess.run([str(ROOT / "scripts" / "neo4j.sh"), command], check=True, stdout=subprocess.DEVNULL)


def _first_requests(*, model: str, organization: str, warm: bool) -> dict:
    _neo4j_restart()
    port = _free_port()
    env = {**os.environ, "KG_WARM_AT_START": "1" if warm else "0"}
    started = time.perf_counter()
    web = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        http = Http(port)
        http.wait_ready(seconds=600)
        ready = time.perf_counter() - started
        pages = {f"model page, depth {depth}": f"/models/{quote(model)}?depth={depth}" for depth in DEPTHS}
        pages |= {
            "organization page": f"/organizations/{quote(organization)}",
            "home": "/",
            "search": f"/search?q={quote(model)}",
            "lineage API, depth 6": f"/api/v1/models/{quote(model)}/lineage?depth=6",
        }
        firsts = {name: round(http.get(path)[0] * 1000, 1) for name, path in pages.items()}
        again = round(http.get(pages["model page, depth 3"])[0] * 1000, 1)
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=60)
    return {"ready_s": round(ready, 1), "first_ms": firsts, "warm_model_page_ms": again, "model": model}


def _pick() -> tuple[str, str]:
    """The root of the largest lineage family and the first organization: pages with something on them."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from kg import repository
    from kg.repository.driver import close_driver
    from kg.types import EntityListQuery

    try:
        model = repository.families(limit=1, members=1, cap=100)[0].root.key
        organization = repository.entity_list(query=EntityListQuery(label="Organization", limit=1)).items[0].key
    finally:
        close_driver()
    return model, organization


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="key of a model with lineage (default: the largest family's root)")
    parser.add_argument("--organization", help="key of an organization (default: the first by name)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if not (args.model and args.organization):
        args.model, args.organization = _pick()
    result = {
        "warmed": _first_requests(model=args.model, organization=args.organization, warm=True),
        "not_warmed": _first_requests(model=args.model, organization=args.organization, warm=False),
    }
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

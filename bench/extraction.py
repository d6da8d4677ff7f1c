"""Dry-run extraction speed and memory over every article we have (seeds and development set):
chars/s per language and overall, peak resident memory. Needs no database.

    .venv/bin/python bench/extraction.py [--rounds 3] [--out docs/benchmarks-extraction.md]
"""

import argparse
import os
import platform
import resource
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from ingest.evaluation import gold_cases  # noqa: E402
from ingest.pipeline import extract, warm_up  # noqa: E402

SHARED = ROOT.parent / "shared"


def articles() -> list[tuple[str, str, str]]:
    """(name, language, text): the seed articles, and the development articles when present."""
    found = []
    for path in sorted((ROOT / "fixtures" / "articles").glob("*.txt")):
        found.append((path.name, "", path.read_text(encoding="utf-8")))
    if (SHARED / "dev").is_dir():
        found += [(c.name, c.language, c.text) for c in gold_cases(gold_dir=SHARED / "dev")]
    return found


def measure(*, rounds: int) -> dict:
    documents = articles()
    warm_up()
    for _, _, text in documents:  # per-language lexicons compile on first use: not part of the rate
        extract(text)
    per_language: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    total_chars, started = 0, time.perf_counter()
    for _ in range(rounds):
        for _, language, text in documents:
            begun = time.perf_counter()
            extraction = extract(text)
            spent = time.perf_counter() - begun
            key = language or extraction.document.language
            per_language[key][0] += len(text)
            per_language[key][1] += spent
            total_chars += len(text)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "documents": len(documents),
        "chars": total_chars // rounds,
        "rounds": rounds,
        "chars_per_s": round(total_chars / seconds),
        "peak_rss_mib": round(peak_kib / 1024),
        "per_language": {k: round(c / s) for k, (c, s) in sorted(per_language.items())},
        "loadavg": os.getloadavg(),
    }


def report(*, result: dict) -> str:
    lines = [
        "# Extraction benchmark (dry run, no database)",
        "",
        f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} with Python "
        f"{platform.python_version()}, load average {result['loadavg'][0]:.1f} before the last round. "
        "`bench/extraction.py` runs `extract()` over the seed articles and the development articles "
        f"(`../shared/dev`), {result['rounds']} rounds after one warm-up round.",
        "",
        "| goal | target | measured | met |",
        "|---|---|---|---|",
        f"| dry run over all articles | ≥ 100k chars/s | {result['chars_per_s']:,} chars/s | "
        f"{'yes' if result['chars_per_s'] >= 100_000 else 'no'} |",
        f"| peak memory of the process | < 1 GB | {result['peak_rss_mib']} MiB | "
        f"{'yes' if result['peak_rss_mib'] < 1024 else 'no'} |",
        "",
        f"{result['documents']} documents, {result['chars']:,} characters per round.",
        "",
        "| language | chars/s |",
        "|---|---|",
    ]
    lines += [f"| {language} | {rate:,} |" for language, rate in result["per_language"].items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks-extraction.md"))
    args = parser.parse_args()
    result = measure(rounds=args.rounds)
    text = report(result=result)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

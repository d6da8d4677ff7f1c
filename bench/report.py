"""Turn bench results (one JSON per graph size) into docs/benchmarks.md and docs/benchmarks.png."""

import argparse
import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a server
import matplotlib.pyplot as plt  # noqa: E402

NOTES_MARKER = "<!-- notes: text below this line is kept when the report is regenerated -->"
CASES = ["up-3", "up-6", "down-3", "down-6"]


def _n(models: int) -> str:
    return f"{models // 1_000_000}M" if models >= 1_000_000 and models % 1_000_000 == 0 else f"{models // 1000}k"


def _ms(stats: dict, *keys: str) -> list[str]:
    return [f"{stats[k]:.1f}" for k in keys]


def goals(results: list[dict]) -> list[str]:
    top = results[-1]
    size = _n(top["models"])
    lineage6 = [top["lineage"][c] for c in ("up-6", "down-6")]
    p95 = max(c["api"]["p95"] for c in lineage6)
    ratio = max(c["ratio_p95"] for c in lineage6)
    search = max(top["search"][s]["api"]["p95"] for s in top["search"])
    page = top["page"]["api"]["p95"]
    load = top["load"]["items_per_second"]  # every size's rate is in the table below
    dry = top["ingest"].get("dry_run_chars_per_s", 0)
    rows = [
        (f"Lineage API depth 6 p95 at {size}", "≤ 50 ms", f"{p95:.1f} ms", p95 <= 50),
        (f"Lineage API / driver, depth 6, p95 at {size}", "≤ 1.5×", f"{ratio:.2f}×", ratio <= 1.5),
        (f"Search API p95 at {size}", "≤ 30 ms", f"{search:.1f} ms", search <= 30),
        (f"Model page p95 at {size}", "≤ 100 ms", f"{page:.1f} ms", page <= 100),
        (f"Bulk load at {size}", "≥ 20k nodes+rels/s", f"{load:,} /s", load >= 20000),
        ("Pipeline dry-run", "≥ 100k chars/s", f"{dry:,} chars/s", dry >= 100000),
    ]
    lines = ["| goal | target | measured | met |", "|---|---|---|---|"]
    lines += [f"| {g} | {t} | {m} | {'yes' if ok else 'no'} |" for g, t, m, ok in rows]
    return lines


def tables(results: list[dict]) -> list[str]:
    out = [
        "## Bulk load (`python -m bench.synth`)",
        "",
        "| models | nodes | relationships | seconds | nodes+rels/s | load avg |",
    ]
    out.append("|---|---|---|---|---|---|")
    for r in results:
        load = r["load"]
        out.append(
            f"| {_n(r['models'])} | {load['nodes']:,} | {load['relationships']:,} | {load['seconds']} | "
            f"{load['items_per_second']:,} | {r['loadavg_before'][0]:.1f} |"
        )
    out += ["", "## Lineage API (ms; answer = nodes returned, limit 500)", ""]
    out += ["| models | case | API p50 | p95 | p99 | driver p50 | p95 | p99 | ratio p50 | p95 | mean answer |"]
    out.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        for case in CASES:
            c = r["lineage"][case]
            cells = _ms(c["api"], "p50", "p95", "p99") + _ms(c["raw"], "p50", "p95", "p99")
            out.append(
                f"| {_n(r['models'])} | {case} | {' | '.join(cells)} | {c['ratio_p50']} | {c['ratio_p95']} | "
                f"{c['answer_size']['mean']:.0f} |"
            )
    out += ["", "## Search API (ms)", "", "| models | queries | API p50 | p95 | driver p50 | p95 | ratio p50 | p95 |"]
    out.append("|---|---|---|---|---|---|---|---|")
    for r in results:
        for script, c in r["search"].items():
            cells = _ms(c["api"], "p50", "p95") + _ms(c["raw"], "p50", "p95")
            out.append(f"| {_n(r['models'])} | {script} | {' | '.join(cells)} | {c['ratio_p50']} | {c['ratio_p95']} |")
    out += ["", "## Model page (ms, whole response on loopback)", ""]
    out += [
        "| models | page p50 | p95 | p99 | driver p50 | p95 | ratio p50 | p95 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        c = r["page"]
        cells = _ms(c["api"], "p50", "p95", "p99") + _ms(c["raw"], "p50", "p95")
        out.append(f"| {_n(r['models'])} | {' | '.join(cells)} | {c['ratio_p50']} | {c['ratio_p95']} |")
    out += ["", "## Ingest of the seed articles (chars/s)", ""]
    out += ["| models in graph | chars | dry-run | with Neo4j | load avg after |", "|---|---|---|---|---|"]
    for r in results:
        i = r["ingest"]
        if "error" in i:
            out.append(f"| {_n(r['models'])} | failed: {i['error'][:120]} | | | {r['loadavg_after'][0]:.1f} |")
            continue
        out.append(
            f"| {_n(r['models'])} | {i['chars']:,} | {i['dry_run_chars_per_s']:,} | {i['neo4j_chars_per_s']:,} | "
            f"{r['loadavg_after'][0]:.1f} |"
        )
    out += coldstart_table(results)
    return out


def coldstart_table(results: list[dict]) -> list[str]:
    """bench/coldstart.py: each page's first request after Neo4j and the web restart, with and without
    the start-up warm-up; "ready" is from starting gunicorn to its first /healthz answer."""
    rows = [r for r in results if r.get("coldstart")]
    if not rows:
        return []
    paths = list(rows[0]["coldstart"]["warmed"]["first_ms"])
    out = ["", "## Cold start: first request of each page after Neo4j and the web restart (ms)", ""]
    out += [f"| models | warm-up | ready (s) | {' | '.join(paths)} | model page, warm |"]
    out.append("|---" * (len(paths) + 4) + "|")
    for r in rows:
        for name, label in (("warmed", "at start"), ("not_warmed", "off")):
            c = r["coldstart"][name]
            cells = " | ".join(f"{c['first_ms'][p]:.0f}" for p in paths)
            out.append(f"| {_n(r['models'])} | {label} | {c['ready_s']} | {cells} | {c['warm_model_page_ms']:.0f} |")
    return out


def plot(results: list[dict], path: Path) -> None:
    sizes = [r["models"] for r in results]
    fig, axes = plt.subplots(2, 2, figsize=(12, 9))
    ax = axes[0][0]
    for case in CASES:
        line = ax.plot(sizes, [r["lineage"][case]["api"]["p95"] for r in results], marker="o", label=f"API {case}")
        ax.plot(sizes, [r["lineage"][case]["raw"]["p95"] for r in results], ls="--", color=line[0].get_color())
    ax.set(title="Lineage p95 vs graph size (dashed: driver)", xscale="log", xlabel="models", ylabel="ms")
    ax.legend(fontsize=8)
    ax = axes[0][1]
    for script in results[0]["search"]:
        ax.plot(sizes, [r["search"][script]["api"]["p95"] for r in results], marker="o", label=f"search {script}")
    ax.plot(sizes, [r["page"]["api"]["p95"] for r in results], marker="s", label="model page")
    ax.set(title="Search and page p95 vs graph size", xscale="log", xlabel="models", ylabel="ms")
    ax.legend(fontsize=8)
    ax = axes[1][0]
    for r in results:
        points = [p for case in CASES for p in r["lineage"][case]["points"]]
        ax.scatter([p[0] for p in points], [p[1] for p in points], s=6, alpha=0.5, label=_n(r["models"]))
    ax.set(title="Lineage API latency vs answer size", xlabel="nodes returned", ylabel="ms", yscale="log")
    ax.legend(fontsize=8, title="models")
    ax = axes[1][1]
    ax.bar([_n(s) for s in sizes], [r["load"]["items_per_second"] for r in results])
    ax.axhline(20000, color="red", ls=":", label="goal 20k/s")
    ax.set(title="Bulk load rate", xlabel="models", ylabel="nodes + relationships / s")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--sizes", required=True, help="comma-separated sizes to report, as measured")
    parser.add_argument("--markdown", type=Path, required=True)
    parser.add_argument("--plot", type=Path, required=True)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    results = [json.loads((args.results / f"{n}.json").read_text()) for n in sizes]
    for n, r in zip(sizes, results, strict=True):
        cold = args.results / f"coldstart-{n}.json"
        if cold.exists():
            r["coldstart"] = json.loads(cold.read_text())
    notes = ""
    if args.markdown.exists() and NOTES_MARKER in args.markdown.read_text():
        notes = args.markdown.read_text().split(NOTES_MARKER, 1)[1]
    head = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
        f"{_cpus()} CPUs, Python {platform.python_version()}. One run; the load average (a shared machine) "
        "is given next to the figures. Plot: [benchmarks.png](benchmarks.png).",
        "",
        "## Goals",
        "",
    ]
    body = head + goals(results) + [""] + tables(results) + ["", NOTES_MARKER]
    args.markdown.write_text("\n".join(body) + (notes or "\n"))
    plot(results, args.plot)


def _cpus() -> int:
    return os.cpu_count() or 0


if __name__ == "__main__":
    main()

"""Confidence as measured precision: a relation's confidence is how often its extractor family was
right for its relation type on the annotated articles (`../shared/gold` and `../shared/dev`).

The table (`calibration.yaml` beside this module) holds counts, not guesses: `manage.py ingest_eval
--calibrate` measures them and rewrites it. A cell's confidence is its precision shrunk towards its
family's (few statements say little on their own); a family the table has never measured keeps
the extractor's own confidence, capped below the auto-accept threshold, so nothing unmeasured is
accepted without a curator.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from math import sqrt
from pathlib import Path

import yaml

from ingest.pipeline.types import RelationOut

TABLE = Path(__file__).with_name("calibration.yaml")
# The extractor families, in the order reports list them.
FAMILIES = ("structure", "cue", "name-structure", "co-occurrence", "section", "section-parent", "inference")
# How many statements a family's precision counts for when a cell of it has few of its own.
PRIOR_WEIGHT = 4
# A confidence is a cautious estimate: the precision less one standard error, so a cell measured on
# few statements (or on one article) must be clearly good before its facts are accepted unreviewed.
CAUTION = 1.0
# Confidence of a statement whose family was never measured: below any auto-accept threshold.
UNMEASURED_CAP = 0.75


def family(extractor: str) -> str:
    """The family of an extractor name: what kind of reading produced the statement."""
    if extractor in ("section-parent", "section-heading"):
        return "section-parent"  # a model under an organization's heading: nothing says it in words
    if extractor.endswith((":section-paper", ":implied")):
        return "section"  # one end is the section's subject or paper, not named in the statement
    if extractor.startswith("clause:"):
        return "cue"
    if extractor.startswith(("kv:", "table:", "heading:", "label:")) or extractor in ("arrow", "tree"):
        return "structure"
    if extractor.endswith("-name") or extractor == "implied:hub-account":
        return "name-structure"
    if extractor == "section-cooccurrence":
        return "co-occurrence"
    return "inference"  # a fact concluded from other facts (a paper's authors made what it introduced)


Counts = dict[tuple[str, str], tuple[int, int]]  # (family, relation type) -> (correct, total)


def _cautious(rate: float, n: float) -> float:
    return round(max(0.0, rate - CAUTION * sqrt(rate * (1 - rate) / n)), 3)


def confidences(counts: Counts) -> dict[tuple[str, str], float]:
    """Per (family, type) and (family, "*"): a cautious precision estimate. A family's rate is
    Laplace's (correct + 1) / (total + 2); a cell's adds PRIOR_WEIGHT statements at its family's
    rate to its own counts, so one lucky statement does not make a certain cell."""
    families: Counter = Counter()
    totals: Counter = Counter()
    for (fam, _), (correct, total) in counts.items():
        families[fam] += correct
        totals[fam] += total
    out: dict[tuple[str, str], float] = {}
    for fam in totals:
        prior = (families[fam] + 1) / (totals[fam] + 2)
        out[(fam, "*")] = _cautious(prior, totals[fam] + 2)
        for (cell_family, type_), (correct, total) in counts.items():
            if cell_family == fam:
                rate = (correct + PRIOR_WEIGHT * prior) / (total + PRIOR_WEIGHT)
                out[(fam, type_)] = _cautious(rate, total + PRIOR_WEIGHT)
    return out


@lru_cache(maxsize=1)
def table() -> dict[tuple[str, str], float]:
    if not TABLE.exists():
        return {}
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8")) or {}
    counts = {
        (fam, type_): (int(cell["correct"]), int(cell["total"]))
        for fam, types in (data.get("families") or {}).items()
        for type_, cell in types.items()
    }
    return confidences(counts)


def lookup(measured: dict[tuple[str, str], float], *, family: str, type_: str, raw: float) -> float:
    """The measured cell; else the family's rate (never above the extractor's own confidence);
    else the extractor's own confidence capped below acceptance."""
    if (family, type_) in measured:
        return measured[(family, type_)]
    if (family, "*") in measured:
        return min(measured[(family, "*")], raw)
    return min(raw, UNMEASURED_CAP)


def calibrated_confidence(*, extractor: str, type_: str, raw: float) -> float:
    measured = lookup(table(), family=family(extractor), type_=type_, raw=raw)
    # A hedge (probably, vermutlich, 可能) keeps the guess a guess, however good its family.
    return min(measured, raw) if extractor.endswith(":hedged") else measured


def calibrate(relations: Iterable[RelationOut]) -> tuple[RelationOut, ...]:
    return tuple(
        replace(r, confidence=calibrated_confidence(extractor=r.extractor, type_=r.type, raw=r.confidence))
        for r in relations
    )


def write_table(counts: Counts, *, path: Path = TABLE, source: str = "") -> None:
    """Rewrite the table from measured counts (`manage.py ingest_eval --calibrate`)."""
    families: dict[str, dict[str, dict[str, int]]] = {}
    for fam, type_ in sorted(counts, key=lambda k: (FAMILIES.index(k[0]) if k[0] in FAMILIES else 99, k[1])):
        correct, total = counts[(fam, type_)]
        families.setdefault(fam, {})[type_] = {"correct": correct, "total": total}
    header = (
        "# Measured by `manage.py ingest_eval --calibrate`: per extractor family and relation type, how many\n"
        "# of the statements the pipeline made on the annotated articles the annotations confirm.\n"
        "# ingest/pipeline/calibration.py turns the counts into confidences. Do not edit by hand.\n"
    )
    if source:
        header += f"# Measured on: {source}\n"
    path.write_text(header + yaml.safe_dump({"families": families}, allow_unicode=True, sort_keys=False), "utf-8")
    if path == TABLE:
        table.cache_clear()

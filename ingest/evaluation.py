"""Scores extractions against hand-annotated gold files: entities, relations, noise, worst misses."""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ingest.pipeline import extract, warm_up
from ingest.pipeline.lexmatch import match_key
from ingest.pipeline.types import Extraction

LINEAGE = frozenset({"DERIVED_FROM", "FINE_TUNES", "DISTILLED_FROM"})


@dataclass(frozen=True)
class Score:
    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold)


@dataclass(frozen=True)
class Miss:
    relation: tuple[str, str, str]
    strength: str
    evidence: str
    why: str


@dataclass(frozen=True)
class DocumentScore:
    document: str
    entities: Score
    entities_by_label: dict[str, Score]
    relations: Score
    relations_by_type: dict[str, Score]
    explicit_recall: Score
    lineage_explicit_recall: Score
    noise: Score  # precision: dropped lines that are gold noise
    noise_recall: Score  # recall: gold noise entries dropped
    misses: tuple[Miss, ...]
    false_relations: tuple[tuple[str, str, str], ...]
    chars: int
    seconds: float
    explicit_by_type: dict[str, Score] = field(default_factory=dict)  # recall of explicit relations


@dataclass(frozen=True)
class Report:
    documents: tuple[DocumentScore, ...]
    totals: dict[str, Score] = field(default_factory=dict)


def score_document(*, extraction: Extraction, gold: dict, seconds: float = 0.0) -> DocumentScore:
    mapping, entity_scores = _match_entities(extraction=extraction, gold=gold)
    gold_relations = {(r["subject"], r["type"], r["object"]): r for r in gold["relations"]}
    predicted = {(mapping.get(r.subject), r.type, mapping.get(r.object)) for r in extraction.relations}
    by_type: dict[str, Score] = {}
    for type_ in sorted({t for _, t, _ in gold_relations} | {r.type for r in extraction.relations}):
        gold_t = {k for k in gold_relations if k[1] == type_}
        pred_t = {k for k in predicted if k[1] == type_}
        by_type[type_] = Score(len(gold_t & pred_t), len(pred_t), len(gold_t))
    relations = Score(len(predicted & set(gold_relations)), len(predicted), len(gold_relations))
    explicit = {k for k, r in gold_relations.items() if r.get("strength") == "explicit"}
    lineage = {k for k in explicit if k[1] in LINEAGE}
    unmapped = {(r.subject, r.type, r.object) for r in extraction.relations}
    return DocumentScore(
        document=gold.get("document", ""),
        entities=sum(entity_scores.values(), Score(0, 0, 0)),
        entities_by_label=entity_scores,
        relations=relations,
        relations_by_type=by_type,
        explicit_recall=Score(len(explicit & predicted), 0, len(explicit)),
        lineage_explicit_recall=Score(len(lineage & predicted), 0, len(lineage)),
        noise=_noise_scores(extraction=extraction, gold=gold)[0],
        noise_recall=_noise_scores(extraction=extraction, gold=gold)[1],
        misses=_misses(gold_relations=gold_relations, predicted=predicted, mapping=mapping, extraction=extraction),
        false_relations=tuple(
            sorted(k for k in unmapped if (mapping.get(k[0]), k[1], mapping.get(k[2])) not in gold_relations)
        ),
        chars=extraction.document.chars,
        seconds=seconds,
        explicit_by_type={
            type_: Score(len({k for k in explicit & predicted if k[1] == type_}), 0, len(gold_t))
            for type_ in by_type
            if (gold_t := {k for k in explicit if k[1] == type_})
        },
    )


def _forms(*, names: list[str]) -> set[str]:
    return {match_key(text=n) for n in names if n and n.strip()}


def _match_entities(*, extraction: Extraction, gold: dict) -> tuple[dict[str, str], dict[str, Score]]:
    """Predicted key → gold id, when the labels agree and a normalized name, alias or key of the
    prediction equals a normalized surface form, name or id of the gold entity. A gold entity
    counts once: a second prediction matching it is a duplicate, so a false positive."""
    index: dict[tuple[str, str], str] = {}
    for entity in gold["entities"]:
        for form in _forms(names=[entity["id"], entity["name"], *entity.get("surface_forms", [])]):
            index.setdefault((entity["label"], form), entity["id"])
    mapping: dict[str, str] = {}
    used: set[str] = set()
    tp: Counter = Counter()
    predicted: Counter = Counter()
    for entity in extraction.entities:
        predicted[entity.label] += 1
        forms = _forms(names=[entity.key, entity.name, *entity.aliases])
        hits = [index[(entity.label, f)] for f in sorted(forms) if (entity.label, f) in index]
        if not hits:
            continue
        gold_id = Counter(hits).most_common(1)[0][0]
        mapping[entity.key] = gold_id
        if gold_id not in used:
            used.add(gold_id)
            tp[entity.label] += 1
    gold_counts = Counter(e["label"] for e in gold["entities"])
    labels = sorted(set(gold_counts) | set(predicted))
    return mapping, {label: Score(tp[label], predicted[label], gold_counts[label]) for label in labels}


def _noise_scores(*, extraction: Extraction, gold: dict) -> tuple[Score, Score]:
    """A dropped line matches a gold noise entry when their first characters agree (one entry
    may describe several lines)."""
    gold_heads = [_head(text=re.split(r"\s\(line|\s\(last|…", entry)[0]) for entry in gold.get("noise", [])]
    predicted = [_head(text=n.text) for n in extraction.noise]
    matched = sum(p in gold_heads for p in predicted)
    found = sum(g in predicted for g in gold_heads)
    return Score(matched, len(predicted), len(gold_heads)), Score(found, 0, len(gold_heads))


def _head(*, text: str) -> str:
    return re.sub(r"\s+", "", text)[:12]


def _misses(
    *, gold_relations: dict, predicted: set, mapping: dict[str, str], extraction: Extraction
) -> tuple[Miss, ...]:
    """Gold relations not found, worst first: explicit lineage, explicit, then implied."""
    recognized = set(mapping.values())
    by_pair = defaultdict(set)
    for s, t, o in predicted:
        by_pair[(s, o)].add(t)
    misses = []
    for key, relation in gold_relations.items():
        if key in predicted:
            continue
        subject, type_, obj = key
        if subject not in recognized or obj not in recognized:
            missing = [x for x in (subject, obj) if x not in recognized]
            why = "not recognized: " + ", ".join(missing)
        elif by_pair.get((subject, obj)):
            why = "found with another type: " + ", ".join(sorted(by_pair[(subject, obj)]))
        else:
            why = "both recognized, no cue or structure linked them"
        misses.append(Miss(key, relation.get("strength", ""), relation.get("evidence", ""), why))
    rank = {("explicit", True): 0, ("explicit", False): 1}
    misses.sort(key=lambda m: (rank.get((m.strength, m.relation[1] in LINEAGE), 2), m.relation))
    return tuple(misses)


def evaluate_directory(*, gold_dir: Path, articles_dir: Path) -> Report:
    import time

    documents = []
    warm_up()  # so the per-document throughput measures extraction, not one-time setup
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = articles_dir / gold.get("document", path.with_suffix(".txt").name)
        started = time.perf_counter()
        extraction = extract(article.read_bytes(), name=article.name)
        seconds = time.perf_counter() - started
        documents.append(score_document(extraction=extraction, gold=gold, seconds=seconds))
    totals: dict[str, Score] = defaultdict(lambda: Score(0, 0, 0))
    for document in documents:
        totals["entities"] += document.entities
        totals["relations"] += document.relations
        totals["explicit_recall"] += document.explicit_recall
        totals["lineage_explicit_recall"] += document.lineage_explicit_recall
        totals["noise"] += document.noise
        totals["noise_recall"] += document.noise_recall
        for type_, score in document.relations_by_type.items():
            totals[f"type:{type_}"] += score
        for type_, score in document.explicit_by_type.items():
            totals[f"explicit:{type_}"] += score
        for label, score in document.entities_by_label.items():
            totals[f"label:{label}"] += score
    return Report(documents=tuple(documents), totals=dict(totals))


def format_report(*, report: Report, misses: int = 3) -> str:
    """A readable table: per document, per entity label, per relation type, worst misses."""
    out = [
        "Per document",
        _row("document", "ent P", "ent R", "rel P", "rel R", "expl R", "lin R", "noise P/R", "chars/s"),
    ]
    for d in report.documents:
        rate = f"{d.chars / d.seconds:,.0f}" if d.seconds else "-"
        noise = f"{d.noise.precision:.2f}/{d.noise_recall.recall:.2f}"
        out.append(
            _row(
                d.document[:28],
                *_pr(d.entities),
                *_pr(d.relations),
                f"{d.explicit_recall.recall:.2f}",
                f"{d.lineage_explicit_recall.recall:.2f}",
                noise,
                rate,
            )
        )
    t = report.totals
    if t:
        noise = f"{t['noise'].precision:.2f}/{t['noise_recall'].recall:.2f}"
        out.append(
            _row(
                "ALL",
                *_pr(t["entities"]),
                *_pr(t["relations"]),
                f"{t['explicit_recall'].recall:.2f}",
                f"{t['lineage_explicit_recall'].recall:.2f}",
                noise,
                "",
            )
        )
    out += ["", "Entities by label (all documents)", _row("label", "P", "R", "tp", "pred", "gold")]
    out += [_row(k[6:], *_pr(v), v.tp, v.predicted, v.gold) for k, v in sorted(t.items()) if k.startswith("label:")]
    out += ["", "Relations by type (all documents)", _row("type", "P", "R", "tp", "pred", "gold", "expl R")]
    out += [
        _row(k[5:], *_pr(v), v.tp, v.predicted, v.gold, _recall(t.get(f"explicit:{k[5:]}")))
        for k, v in sorted(t.items())
        if k.startswith("type:")
    ]
    for d in report.documents:
        out += ["", f"Worst misses in {d.document}"]
        for miss in d.misses[:misses]:
            s, ty, o = miss.relation
            out.append(f"  {s} -{ty}-> {o} [{miss.strength}] {miss.why}")
            out.append(f"      evidence: {miss.evidence[:110]}")
    return "\n".join(out)


def _recall(score: Score | None) -> str:
    return f"{score.recall:.2f}" if score is not None and score.gold else "-"


def _pr(score: Score) -> tuple[str, str]:
    return f"{score.precision:.2f}", f"{score.recall:.2f}"


def _row(*cells) -> str:
    first, *rest = (str(c) for c in cells)
    return f"{first:<30}" + "".join(f"{c:>10}" for c in rest)

"""Scores extractions against hand-annotated gold files: entities, relations, noise, worst misses."""

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.pipeline import extract, warm_up
from ingest.pipeline.calibration import FAMILIES, UNMEASURED_CAP, confidences, family, lookup
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
    language: str = ""
    # Every predicted relation judged: (extractor family, type, confidence, right per the gold).
    judged: tuple[tuple[str, str, float, bool], ...] = ()


@dataclass(frozen=True)
class Report:
    documents: tuple[DocumentScore, ...]
    totals: dict[str, Score] = field(default_factory=dict)
    by_language: dict[str, dict[str, Score]] = field(default_factory=dict)


def score_document(*, extraction: Extraction, gold: dict, seconds: float = 0.0) -> DocumentScore:
    mapping, entity_scores = _match_entities(extraction=extraction, gold=gold)
    gold_relations = {(r["subject"], r["type"], r["object"]): r for r in gold["relations"]}
    predicted = {_mapped(mapping=mapping, relation=r) for r in extraction.relations}
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
            sorted(k for k in unmapped if _mapped(mapping=mapping, relation=k) not in gold_relations)
        ),
        chars=extraction.document.chars,
        seconds=seconds,
        explicit_by_type={
            type_: Score(len({k for k in explicit & predicted if k[1] == type_}), 0, len(gold_t))
            for type_ in by_type
            if (gold_t := {k for k in explicit if k[1] == type_})
        },
        judged=tuple(
            (family(r.extractor), r.type, r.confidence, _mapped(mapping=mapping, relation=r) in gold_relations)
            for r in extraction.relations
        ),
    )


def _mapped(*, mapping: dict[str, str], relation) -> tuple[str, str, str]:
    """A predicted relation in gold ids; an endpoint the gold does not know keeps its own key
    (marked), so two different wrong relations never collapse into one."""
    subject, type_, obj = (
        relation if isinstance(relation, tuple) else (relation.subject, relation.type, relation.object)
    )
    return mapping.get(subject, f"?{subject}"), type_, mapping.get(obj, f"?{obj}")


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


@dataclass(frozen=True)
class GoldCase:
    """One annotated article: its gold file, its text, and the language the gold says it is in."""

    name: str
    language: str
    text: str
    gold: dict


def gold_cases(*, gold_dir: Path, articles_dir: Path | None = None) -> list[GoldCase]:
    """The annotated articles of a directory. `NAME.json` files name their article in
    `articles_dir` (the seeds); `NAME.gold.json` files sit beside `NAME.txt`, whose first line
    is the source URL and second line blank (the development set)."""
    cases = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        document = gold.get("document") or path.name.removesuffix(".gold.json").removesuffix(".json") + ".txt"
        beside = path.name.endswith(".gold.json") or articles_dir is None
        article = (gold_dir if beside else articles_dir) / document
        text = article.read_text(encoding="utf-8")
        if beside:
            text = _without_source_header(text=text)
        cases.append(GoldCase(name=document, language=gold.get("language", "und"), text=text, gold=gold))
    return cases


def _without_source_header(*, text: str) -> str:
    first, _, rest = text.partition("\n")
    if first.startswith("http"):
        blank, _, body = rest.partition("\n")
        return body if not blank.strip() else rest
    return text


def evaluate_cases(*, cases: list[GoldCase]) -> Report:
    import time

    documents = []
    warm_up()  # so the per-document throughput measures extraction, not one-time setup
    for case in cases:
        started = time.perf_counter()
        extraction = extract(case.text, name=case.name)
        seconds = time.perf_counter() - started
        score = score_document(extraction=extraction, gold=case.gold, seconds=seconds)
        documents.append(replace(score, document=case.name, language=case.language))
    totals = _totals(documents=documents)
    by_language = {
        language: _totals(documents=[d for d in documents if d.language == language])
        for language in sorted({d.language for d in documents})
    }
    return Report(documents=tuple(documents), totals=totals, by_language=by_language)


def evaluate_directory(*, gold_dir: Path, articles_dir: Path | None = None) -> Report:
    return evaluate_cases(cases=gold_cases(gold_dir=gold_dir, articles_dir=articles_dir))


def _totals(*, documents: list[DocumentScore]) -> dict[str, Score]:
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
    return dict(totals)


_HEADER = ("ent P", "ent R", "ent F1", "rel P", "rel R", "expl R", "lin R", "noise P/R")


def _summary_cells(*, entities: Score, relations: Score, explicit: Score, lineage: Score, noise: str) -> tuple:
    return (
        *_pr(entities),
        f"{entities.f1:.2f}",
        *_pr(relations),
        _recall(explicit),
        _recall(lineage),
        noise,
    )


def _total_cells(totals: dict[str, Score]) -> tuple:
    noise = f"{totals['noise'].precision:.2f}/{totals['noise_recall'].recall:.2f}"
    return _summary_cells(
        entities=totals["entities"],
        relations=totals["relations"],
        explicit=totals["explicit_recall"],
        lineage=totals["lineage_explicit_recall"],
        noise=noise,
    )


def format_report(*, report: Report, misses: int = 3) -> str:
    """A readable table: per document, per language, per entity label, per relation type, worst misses."""
    out = ["Per document", _row("document", "lang", *_HEADER, "chars/s")]
    for d in report.documents:
        rate = f"{d.chars / d.seconds:,.0f}" if d.seconds else "-"
        noise = f"{d.noise.precision:.2f}/{d.noise_recall.recall:.2f}"
        cells = _summary_cells(
            entities=d.entities,
            relations=d.relations,
            explicit=d.explicit_recall,
            lineage=d.lineage_explicit_recall,
            noise=noise,
        )
        out.append(_row(d.document[:28], d.language, *cells, rate))
    t = report.totals
    if report.by_language:
        out += ["", "Per language", _row("language", "docs", *_HEADER)]
        for language, totals in report.by_language.items():
            count = sum(d.language == language for d in report.documents)
            out.append(_row(language, count, *_total_cells(totals)))
    if t:
        out.append(_row("ALL", len(report.documents), *_total_cells(t)))
    out += ["", "Entities by label (all documents)", _row("label", "P", "R", "tp", "pred", "gold")]
    out += [_row(k[6:], *_pr(v), v.tp, v.predicted, v.gold) for k, v in sorted(t.items()) if k.startswith("label:")]
    out += ["", "Relations by type (all documents)", _row("type", "P", "R", "tp", "pred", "gold", "expl R")]
    out += [
        _row(k[5:], *_pr(v), v.tp, v.predicted, v.gold, _recall(t.get(f"explicit:{k[5:]}")))
        for k, v in sorted(t.items())
        if k.startswith("type:")
    ]
    for d in report.documents:
        if not misses:
            break
        out += ["", f"Worst misses in {d.document}"]
        for miss in d.misses[:misses]:
            s, ty, o = miss.relation
            out.append(f"  {s} -{ty}-> {o} [{miss.strength}] {miss.why}")
            out.append(f"      evidence: {miss.evidence[:110]}")
    return "\n".join(out)


def calibration_counts(*, documents: Iterable[DocumentScore]) -> dict[tuple[str, str], tuple[int, int]]:
    """(family, type) -> (right, predicted) over the documents: what `ingest_eval --calibrate` stores."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for document in documents:
        for fam, type_, _, right in document.judged:
            counts[(fam, type_)][0] += right
            counts[(fam, type_)][1] += 1
    return {key: (right, total) for key, (right, total) in counts.items()}


_BINS = (0.95, 0.9, 0.8, 0.7, 0.6, 0.0)


def format_calibration(*, report: Report, threshold: float) -> str:
    """Precision by extractor family, then by confidence: do the confidences mean what they say?
    The held-out column gives each document the confidences calibrated on the other documents."""
    judged = [j for d in report.documents for j in d.judged]
    out = ["Relations by extractor family (all documents)", _row("family", "P", "right", "pred")]
    by_family: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for fam, _, _, right in judged:
        by_family[fam][0] += right
        by_family[fam][1] += 1
    for fam in [*FAMILIES, *sorted(set(by_family) - set(FAMILIES))]:
        right, total = by_family.get(fam, (0, 0))
        out.append(_row(fam, f"{right / total:.2f}" if total else "-", right, total))
    held_out = _held_out_confidences(documents=report.documents)
    out += ["", "Calibration: precision by confidence", _row("confidence", "P", "right", "held-out P", "right")]
    bands = list(zip(_BINS, (1.01, *_BINS[:-1]), strict=True))
    for low, high in bands:
        shipped = [right for _, _, c, right in judged if low <= c < high]
        held = [right for c, right in held_out if low <= c < high]
        out.append(_row(f"{low:.2f}-{min(high, 1.0):.2f}", *_rate(shipped), *_rate(held)))
    shipped = [right for _, _, c, right in judged if c >= threshold]
    held = [right for c, right in held_out if c >= threshold]
    out.append(_row(f"accepted >= {threshold:.2f}", *_rate(shipped), *_rate(held)))
    return "\n".join(out)


def _rate(rights: list[bool]) -> tuple[str, str]:
    return (f"{sum(rights) / len(rights):.2f}" if rights else "-"), f"{sum(rights)}/{len(rights)}"


def _held_out_confidences(*, documents: tuple[DocumentScore, ...]) -> list[tuple[float, bool]]:
    """Each document's relations with the confidence a table measured without that document would
    give them (leave one document out): how the calibration does on an article it has not seen."""
    out = []
    for i, document in enumerate(documents):
        others = calibration_counts(documents=documents[:i] + documents[i + 1 :])
        table = confidences(others)
        for fam, type_, shipped, right in document.judged:
            # Never measured without this document: the cap an unmeasured family gets.
            out.append((lookup(table, family=fam, type_=type_, raw=min(shipped, UNMEASURED_CAP)), right))
    return out


def _recall(score: Score | None) -> str:
    return f"{score.recall:.2f}" if score is not None and score.gold else "-"


def _pr(score: Score) -> tuple[str, str]:
    return f"{score.precision:.2f}", f"{score.recall:.2f}"


def _row(*cells) -> str:
    first, *rest = (str(c) for c in cells)
    return f"{first:<26}" + "".join(f" {c:>9}" for c in rest)

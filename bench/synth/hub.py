"""The synthetic hub's generator: a catalog, then models whose lineage grows by preferential attachment."""

import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from bench.synth import load as bulk
from bench.synth.parts import (
    Chunk,
    Doc,
    Registry,
    add_months,
    base36,
    billions,
    entity_row,
    pick,
    slug,
    syllable_name,
    zipf_cumulative,
)
from bench.synth.vocab import (
    ATTRIBUTE_TEMPLATES,
    DATASET_SUFFIXES,
    EXTRACTOR,
    EXTRACTOR_VERSION,
    LANGUAGES,
    LINEAGE_SHARE,
    MAX_DEPTH,
    ORG_SUFFIXES,
    RELATION_TEMPLATES,
    SIZES,
    SYLLABLES,
    TECHNIQUE_NOUNS,
    VARIANTS,
)
from kg.text import fact_key, stable_id
from kg.vocabulary import LINEAGE_TYPES, Label, RelType, Status


@dataclass(frozen=True)
class SynthSpec:
    models: int
    seed: int = 0
    models_per_document: int = 200
    documents_per_chunk: int = 50
    threshold: float = 0.9

    @property
    def bases(self) -> int:
        """A few hundred base models at a million: the hub's foundation models."""
        return max(2, min(self.models, round(0.4 * math.sqrt(self.models))))

    @property
    def organizations(self) -> int:
        return max(3, self.models // 200)

    @property
    def techniques(self) -> int:
        return max(len(TECHNIQUE_NOUNS), min(600, self.models // 2000))

    @property
    def datasets(self) -> int:
        return max(3, min(2000, self.models // 5000))


class HubSynth:
    """Generates the graph chunk by chunk: a catalog first, then models in document-sized groups.

    Parents are always generated before their derivatives, so the lineage is a DAG of depth at most
    MAX_DEPTH; fan-out follows preferential attachment (a popular model gets more derivatives).
    """

    def __init__(self, spec: SynthSpec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.orgs, self.techniques, self.datasets, self.models = Registry(), Registry(), Registry(), Registry()
        self.depth = bytearray()
        self.root: list[int] = []
        self.released: list[str] = []
        self.size: list[float] = []
        self.urn: list[int] = []  # each derivative once, plus once per child: preferential attachment
        self.papers = 0
        self.documents = 0
        self.base_weights = zipf_cumulative(spec.bases, offset=10, exponent=1.0)
        self.org_weights = zipf_cumulative(spec.organizations, offset=2, exponent=1.1)
        self.technique_weights = zipf_cumulative(spec.techniques, offset=3, exponent=1.0)
        self.dataset_weights = zipf_cumulative(spec.datasets, offset=2, exponent=1.0)
        self.confidences = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99)
        self.confidence_weights = list(itertools.accumulate(range(1, 8)))
        self.lineage_weights = list(itertools.accumulate(LINEAGE_SHARE[t] for t in LINEAGE_TYPES))

    def chunks(self) -> Iterator[Chunk]:
        yield self._catalog()
        size = self.spec.models_per_document * self.spec.documents_per_chunk
        for start in range(0, self.spec.models, size):
            yield self._model_chunk(start, min(self.spec.models, start + size))

    # --- documents and statements -----------------------------------------------------------

    def _new_doc(self, title: str) -> Doc:
        self.documents += 1
        language = self.rng.choices([lang for lang, _ in LANGUAGES], weights=[w for _, w in LANGUAGES])[0]
        return Doc(key=f"synth-doc-{self.documents:06d}", language=language, title=f"{title} {self.documents}")

    def _close(self, chunk: Chunk, doc: Doc) -> None:
        props, mentions = doc.finish()
        chunk.documents.append(props)
        chunk.mentions.extend(mentions)

    def _confidence(self) -> float:
        return self.confidences[pick(self.rng, self.confidence_weights)]

    def _relation(self, chunk: Chunk, doc: Doc, rel: RelType, subject: tuple[str, str], obj: tuple[str, str]) -> None:
        start, end, quote = doc.line(RELATION_TEMPLATES[doc.language][rel], {"s": subject, "o": obj})
        key = fact_key(subject[0], rel.value, obj[0])
        confidence = self._confidence()
        status = Status.ACCEPTED if confidence >= self.spec.threshold else Status.PROPOSED
        claim = {
            "key": stable_id(doc.key, key, start, end),
            "kind": "relation",
            "quote": quote,
            "start": start,
            "end": end,
            "extractor": EXTRACTOR,
            "extractor_version": EXTRACTOR_VERSION,
            "confidence": confidence,
            "document_key": doc.key,
        }
        row = {"key": key, "subject": subject[0], "object": obj[0], "document": doc.key, "claim": claim}
        chunk.relations.setdefault(rel, []).append(dict(row, status=status.value, confidence=confidence))

    def _attribute(self, chunk: Chunk, doc: Doc, subject: tuple[str, str], name: str, value, shown: str) -> None:
        start, end, quote = doc.line(ATTRIBUTE_TEMPLATES[doc.language][name], {"s": subject, "v": (None, shown)})
        claim = {
            "key": stable_id(doc.key, subject[0], name, start, end),
            "kind": "attribute",
            "quote": quote,
            "start": start,
            "end": end,
            "extractor": "attribute",
            "extractor_version": EXTRACTOR_VERSION,
            "confidence": 0.95,
            "document_key": doc.key,
            "attribute": name,
            "value": value,
            "status": Status.PROPOSED.value,
        }
        chunk.attribute_claims.append({"entity": subject[0], "document": doc.key, "claim": claim})

    def _distinct(self, cumulative: list[float], count: int) -> list[int]:
        picked: dict[int, None] = {}
        for _ in range(count * 4):
            picked[pick(self.rng, cumulative)] = None
            if len(picked) == count:
                break
        return list(picked)

    def _scatter(self, index: int, length: int, salt: int) -> int:
        """A bijection of the index space, so consecutive entities get unrelated names."""
        space = len(SYLLABLES) ** length
        return (index * 7919 + salt * 104729) % space

    @staticmethod
    def _name_length(count: int) -> int:
        return max(2, math.ceil(math.log(max(count, 2) * 4, len(SYLLABLES))))

    # --- the catalog: organizations, techniques, datasets and the techniques' papers ---------

    def _catalog(self) -> Chunk:
        chunk = Chunk()
        doc = self._new_doc("Synthetic catalog")
        for i in range(self.spec.organizations):
            doc = self._rotate(chunk, doc, i, "Synthetic catalog")
            self._organization(chunk, doc, i)
        for i in range(self.spec.datasets):
            doc = self._rotate(chunk, doc, i, "Synthetic catalog")
            self._dataset(chunk, doc, i)
        for i in range(self.spec.techniques):
            doc = self._rotate(chunk, doc, i, "Synthetic catalog")
            self._technique(chunk, doc, i)
        self._close(chunk, doc)
        return chunk

    def _rotate(self, chunk: Chunk, doc: Doc, index: int, title: str) -> Doc:
        if index and index % self.spec.models_per_document == 0:
            self._close(chunk, doc)
            return self._new_doc(title)
        return doc

    def _organization(self, chunk: Chunk, doc: Doc, i: int) -> None:
        length = self._name_length(self.spec.organizations)
        stem, stem_zh = syllable_name(self._scatter(i, length, salt=2), length=length)
        en, zh, de = self.rng.choice(ORG_SUFFIXES)
        name = f"{stem} {en}"
        zh_alias = f"{stem_zh}{zh}" if self.rng.random() < 0.4 else None
        de_alias = f"{stem} {de}" if self.rng.random() < 0.2 else None
        index = self.orgs.add(slug(name), name, zh_alias, de_alias)
        attributes = {
            "country": self.rng.choice(("US", "CN", "DE", "FR", "GB", "CA", "JP", "KR")),
            "kind": self.rng.choice(("company", "lab", "university", "nonprofit")),
        }
        self._entity(chunk, doc, Label.ORGANIZATION, self.orgs, index, attributes)

    def _dataset(self, chunk: Chunk, doc: Doc, i: int) -> None:
        length = self._name_length(self.spec.datasets)
        stem, stem_zh = syllable_name(self._scatter(i, length, salt=3), length=length)
        en, zh, de = self.rng.choice(DATASET_SUFFIXES)
        name = f"{stem} {en}"
        zh_alias = f"{stem_zh}{zh}" if self.rng.random() < 0.6 else None
        de_alias = f"{stem} {de}" if self.rng.random() < 0.3 else None
        index = self.datasets.add(slug(name), name, zh_alias, de_alias)
        tokens = int(self.rng.choice((0.1, 0.3, 1, 2, 5, 15)) * 1e12)
        self._entity(chunk, doc, Label.DATASET, self.datasets, index, {"tokens": tokens})
        if self.rng.random() < 0.6:
            org = pick(self.rng, self.org_weights)
            self._relation(
                chunk,
                doc,
                RelType.DEVELOPED_BY,
                self.datasets.ref(index, doc.language),
                self.orgs.ref(org, doc.language),
            )

    def _technique(self, chunk: Chunk, doc: Doc, i: int) -> None:
        length = self._name_length(self.spec.techniques)
        stem, stem_zh = syllable_name(self._scatter(i, length, salt=4), length=length)
        en, zh, de, category = TECHNIQUE_NOUNS[i % len(TECHNIQUE_NOUNS)]
        name = f"{stem} {en}"
        index = self.techniques.add(slug(name), name, f"{stem_zh}{zh}", f"{stem}-{de}")
        self._entity(chunk, doc, Label.TECHNIQUE, self.techniques, index, {"category": category})
        ref = self.techniques.ref(index, doc.language)
        if self.rng.random() < 0.7:
            self._paper(chunk, doc, ref, f"{name}: a simple method that scales", year=self.rng.randint(2015, 2025))
        if self.rng.random() < 0.5:
            org = pick(self.rng, self.org_weights)
            self._relation(chunk, doc, RelType.DEVELOPED_BY, ref, self.orgs.ref(org, doc.language))
        if index and self.rng.random() < 0.15:
            other = self.rng.randrange(index)
            rel = RelType.DERIVED_FROM if self.rng.random() < 0.6 else RelType.USES
            self._relation(chunk, doc, rel, ref, self.techniques.ref(other, doc.language))

    def _entity(
        self,
        chunk: Chunk,
        doc: Doc,
        label: Label,
        registry: Registry,
        index: int,
        attributes: dict,
        claimed: tuple[str, ...] = (),
    ) -> None:
        aliases = registry.aliases(index)
        row = entity_row(
            key=registry.keys[index],
            name=registry.names[index],
            aliases=aliases,
            attributes=attributes,
            claimed=claimed,
        )
        chunk.entities.setdefault(label, []).append(row)
        doc.heading(registry.keys[index], aliases)

    def _paper(
        self, chunk: Chunk, doc: Doc, subject: tuple[str, str], title: str, *, year: int, org: int | None = None
    ) -> None:
        """A new paper introducing `subject`; month 00 never occurs in real arXiv ids, so keys cannot clash."""
        arxiv_id = f"99{(self.papers // 100000) % 100:02d}.{self.papers % 100000:05d}"
        self.papers += 1
        key, name = f"arxiv:{arxiv_id}", f"arXiv:{arxiv_id}"
        attributes = {"arxiv_id": arxiv_id, "title": title, "url": f"https://arxiv.org/abs/{arxiv_id}", "year": year}
        chunk.entities.setdefault(Label.PAPER, []).append(
            entity_row(key=key, name=name, aliases=[title], attributes=attributes)
        )
        doc.heading(key, [name, title])
        self._relation(chunk, doc, RelType.INTRODUCED_IN, subject, (key, name))
        if org is not None:
            self._relation(chunk, doc, RelType.PUBLISHED_BY, (key, name), self.orgs.ref(org, doc.language))

    # --- models ------------------------------------------------------------------------------

    def _model_chunk(self, start: int, stop: int) -> Chunk:
        chunk = Chunk(models=stop - start)
        per_doc = self.spec.models_per_document
        for doc_start in range(start, stop, per_doc):
            doc = self._new_doc("Synthetic model hub digest")
            for index in range(doc_start, min(stop, doc_start + per_doc)):
                if index < self.spec.bases:
                    self._base(chunk, doc, index)
                else:
                    self._derivative(chunk, doc, index)
            self._close(chunk, doc)
        return chunk

    def _add_model(
        self, *, name: str, zh: str | None, de: str | None, depth: int, root: int, released: str, size: float
    ) -> int:
        index = self.models.add(slug(name), name, zh, de)
        self.depth.append(depth)
        self.root.append(index if root < 0 else root)
        self.released.append(released)
        self.size.append(size)
        return index

    def _base(self, chunk: Chunk, doc: Doc, i: int) -> None:
        length = self._name_length(self.spec.bases)
        family, family_zh = syllable_name(self._scatter(i, length + 1, salt=1), length=length + 1)
        size = self.rng.choice(SIZES)
        name = f"{family}-{billions(size)}B"
        de_alias = f"{family} {billions(size)}B Basismodell" if self.rng.random() < 0.3 else None
        released = f"{self.rng.randint(2019, 2025)}-{self.rng.randint(1, 12):02d}"
        index = self._add_model(
            name=name, zh=f"{family_zh}-{billions(size)}B", de=de_alias, depth=0, root=-1, released=released, size=size
        )
        attributes = {
            "parameters": int(size * 1e9),
            "released": released,
            "architecture": "encoder-decoder" if self.rng.random() < 0.1 else "decoder",
            "context_length": self.rng.choice((2048, 4096, 8192, 32768, 131072)),
        }
        self._entity(chunk, doc, Label.MODEL, self.models, index, attributes, claimed=("parameters", "released"))
        ref = self.models.ref(index, doc.language)
        self._attribute(chunk, doc, ref, "parameters", attributes["parameters"], billions(size))
        self._attribute(chunk, doc, ref, "released", released, released)
        org = pick(self.rng, self.org_weights)
        self._relation(chunk, doc, RelType.DEVELOPED_BY, ref, self.orgs.ref(org, doc.language))
        self._paper(chunk, doc, ref, f"{name}: open foundation language models", year=int(released[:4]), org=org)
        for technique in self._distinct(self.technique_weights, self.rng.randint(3, 5)):
            self._relation(chunk, doc, RelType.USES, ref, self.techniques.ref(technique, doc.language))
        for dataset in self._distinct(self.dataset_weights, self.rng.randint(1, 3)):
            self._relation(chunk, doc, RelType.TRAINED_ON, ref, self.datasets.ref(dataset, doc.language))

    def _parent(self, *, exclude: int = -1) -> int:
        """A base model by popularity, or an earlier derivative by how many derivatives it already has."""
        for _ in range(16):
            if self.urn and self.rng.random() >= 0.6:
                candidate = self.urn[self.rng.randrange(len(self.urn))]
            else:
                candidate = pick(self.rng, self.base_weights)
            if self.depth[candidate] < MAX_DEPTH and candidate != exclude:
                return candidate
        return pick(self.rng, self.base_weights)

    def _derivative(self, chunk: Chunk, doc: Doc, i: int) -> None:
        rel = LINEAGE_TYPES[pick(self.rng, self.lineage_weights)]
        parents = [self._parent()]
        if rel == RelType.DERIVED_FROM and self.rng.random() < 0.2:  # a merge of two models
            parents.append(self._parent(exclude=parents[0]))
            if parents[1] == parents[0]:
                parents.pop()
        root = self.root[parents[0]]
        size = self.size[parents[0]]
        if rel == RelType.DISTILLED_FROM:
            size = self.rng.choice([s for s in SIZES if s < size] or [SIZES[0]])
        family, family_zh = self.models.names[root].split("-")[0], (self.models.zh[root] or "").split("-")[0]
        en, zh, de = self.rng.choice(VARIANTS[rel])
        stem, suffix = f"{billions(size)}B", base36(i)
        index = self._add_model(
            name=f"{family}-{stem}-{en}-{suffix}",
            zh=f"{family_zh}-{stem}-{zh}-{suffix}" if self.rng.random() < 0.15 else None,
            de=f"{family}-{stem}-{de}-{suffix}" if self.rng.random() < 0.1 else None,
            depth=1 + max(self.depth[p] for p in parents),
            root=root,
            released=add_months(self.released[parents[0]], self.rng.randint(1, 8)),
            size=size,
        )
        attributes = {"parameters": int(size * 1e9), "released": self.released[index], "architecture": "decoder"}
        self._entity(chunk, doc, Label.MODEL, self.models, index, attributes)
        ref = self.models.ref(index, doc.language)
        for parent in parents:
            self._relation(chunk, doc, rel, ref, self.models.ref(parent, doc.language))
            if parent >= self.spec.bases:
                self.urn.append(parent)
        self.urn.append(index)
        self._derivative_context(chunk, doc, ref)

    def _derivative_context(self, chunk: Chunk, doc: Doc, ref: tuple[str, str]) -> None:
        org = None
        if self.rng.random() < 0.5:
            org = pick(self.rng, self.org_weights)
            self._relation(chunk, doc, RelType.DEVELOPED_BY, ref, self.orgs.ref(org, doc.language))
        if self.rng.random() < 0.3:
            technique = pick(self.rng, self.technique_weights)
            self._relation(chunk, doc, RelType.USES, ref, self.techniques.ref(technique, doc.language))
        if self.rng.random() < 0.25:
            dataset = pick(self.rng, self.dataset_weights)
            self._relation(chunk, doc, RelType.TRAINED_ON, ref, self.datasets.ref(dataset, doc.language))
        if self.rng.random() < 0.03:
            self._paper(chunk, doc, ref, f"{ref[1]}: an open model", year=self.rng.randint(2020, 2026), org=org)


def chunk_write(chunk: Chunk, *, batch: int) -> bulk.Written:
    """Write a chunk in dependency order: nodes, then documents, then what links them."""
    written = bulk.NOTHING
    for label, rows in chunk.entities.items():
        written += bulk.entities_create(label=label, rows=rows, batch=batch)
    written += bulk.documents_create(rows=chunk.documents, batch=batch)
    for rel, rows in chunk.relations.items():
        written += bulk.relations_create(rel=rel, rows=rows, batch=batch)
    written += bulk.attribute_claims_create(rows=chunk.attribute_claims, batch=batch)
    written += bulk.mentions_create(rows=chunk.mentions, batch=batch)
    return written

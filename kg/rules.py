"""The graph's rules as pure functions: what a fact's status is, when a fact or an entity goes, what
counts as a conflict, which value an attribute takes, when a curator's edit collides with another.

No database here: the repository reads the state, asks these functions, and writes the answer.
Some rules are inherently predicates of the statements that read the graph, and stay in Cypher:

- the review floor on reads: an edge or fact is shown when accepted or, unreviewed, at least as
  confident as the floor `review_floor` gives (`kg.repository.cypher.SHOWN`);
- a rejected fact, kept only for its decision, does not keep its entities alive (the `facts` count
  of `kg.repository.sync.ENTITIES_STATE` skips it);
- a paper named only by its arXiv id takes the title a later source gives, unless curated
  (`kg.repository.documents.ENTITY_UPSERT`);
- a claim's status is its fact's for a relation, its own for an attribute
  (`kg.repository.entities.ENTITY_CLAIMS`).
"""

import json
from collections import defaultdict
from collections.abc import Iterable

from kg.errors import Conflict, PreconditionFailed
from kg.text import name_tokens, stable_id
from kg.values import Statement, best_value, released_before
from kg.vocabulary import ATTRIBUTES, LINEAGE_TYPES, Label, RelType, Status
from kg.vocabulary import Conflict as FactConflict

# --- reading ------------------------------------------------------------------------------------


def review_floor(include_unreviewed: bool | float) -> float:
    """The confidence an unreviewed fact needs to be read: True reads them all, False none
    (accepted facts only), a number those at or above it (what pages show by default)."""
    if include_unreviewed is True:
        return 0.0
    if include_unreviewed is False:
        return 1.01  # above any confidence
    return float(include_unreviewed)


# --- facts --------------------------------------------------------------------------------------


def fact_is_orphan(*, claims: int, curated: bool | None, decision: str | None) -> bool:
    """A fact no claim supports goes, unless a curator made it or decided on it: the decision
    must outlive the document, so a later re-ingest stating it again meets it."""
    return claims == 0 and not curated and not decision


def fact_conflict(rel: RelType, subject_released: str | None, object_released: str | None) -> str | None:
    """What is wrong with a fact on its face: a lineage child released before its parent."""
    if rel in LINEAGE_TYPES and released_before(subject_released, object_released):
        return FactConflict.RELEASED_BEFORE_PARENT.value
    return None


def fact_status(*, decision: str | None, confidence: float, threshold: float, conflict: str | None) -> str:
    """A curator's decision stands; otherwise a fact is accepted when its best claim reaches the
    threshold, and a conflict goes to the review queue however sure the extractor was."""
    automatic = Status.ACCEPTED if confidence >= threshold and not conflict else Status.PROPOSED
    return decision or automatic.value


def fact_kind(kinds: Iterable[Iterable]) -> str | None:
    """The lineage kind most of a fact's claims say (summed confidence settles a tie); None when
    no claim says one. `kinds` holds one [kind, confidence] per claim that says a kind."""
    weight: dict[str, float] = defaultdict(float)
    for kind, confidence in kinds:
        weight[kind] += 1 + (confidence or 0.0) / 10
    return max(sorted(weight), key=weight.__getitem__) if weight else None


# --- entities -----------------------------------------------------------------------------------


def entity_is_orphan(*, mentions: int, facts: int, attribute_claims: list, curated: bool | None) -> bool:
    """An entity nothing mentions, no live fact joins and no claim describes goes, unless curated."""
    return mentions == 0 and facts == 0 and not attribute_claims and not curated


def entity_aliases(name: str, curated_aliases: list[str], mention_aliases: list[list[str]]) -> list[str]:
    """An entity's aliases: its name, then a curator's, then what documents called it, each once."""
    aliases = dict.fromkeys([name, *curated_aliases])
    for seen in mention_aliases:
        aliases.update(dict.fromkeys(seen))
    return list(aliases)


def best_attributes(claims: list[dict], threshold: float) -> dict[str, object]:
    """Per attribute, the value a reader would take from the sources (kg.values.best_value).
    Rejected claims say nothing; a claim counts as accepted when accepted or at the threshold."""
    stated: dict[str, list[Statement]] = defaultdict(list)
    for claim in claims:
        if claim["status"] == Status.REJECTED:
            continue
        confidence = claim["confidence"] if claim["confidence"] is not None else 0.0
        stated[claim["name"]].append(
            Statement(
                value=claim["value"],
                document=claim.get("document") or "",
                accepted=claim["status"] == Status.ACCEPTED or confidence >= threshold,
                confidence=confidence,
                created_at=claim["created_at"] or "",
            )
        )
    return {name: best_value(statements) for name, statements in stated.items()}


def attribute_settled(claim: dict, threshold: float) -> bool:
    """An attribute claim a reader may take as reviewed: accepted, or proposed at the threshold."""
    confidence = claim["confidence"] if claim["confidence"] is not None else 0.0
    return claim["status"] == Status.ACCEPTED or (claim["status"] == Status.PROPOSED and confidence >= threshold)


def unsettled_attributes(values: dict[str, object], claims: list[dict], settled: dict[str, bool]) -> list[str]:
    """The attributes whose value the entity holds no settled claim states: hidden from reads
    without unreviewed statements (?unreviewed=0), marked unreviewed on pages."""
    backed = {(c["name"], json.dumps(c["value"])) for c in claims if settled.get(c["key"])}
    return sorted(name for name, value in values.items() if (name, json.dumps(value)) not in backed)


def curated_properties(label: str, props: dict) -> dict:
    """The properties a curator sees and a merge carries: the label's descriptive attributes only
    (timestamps and search bookkeeping are not JSON and not curated)."""
    allowed = ATTRIBUTES[Label(label)]
    return {k: v for k, v in props.items() if k in allowed and v is not None}


# --- curators' edits ----------------------------------------------------------------------------


def fact_version(state: dict) -> str:
    """A short fingerprint of what a reviewer saw; a different one means the fact changed since."""
    parts = ("status", "decision", "curated", "confidence", "claims", "subject", "object")
    return stable_id(*(state.get(p) for p in parts))[:12]


def check_fact_version(key: str, state: dict, expected: str | None) -> None:
    """A decision made on a fact as it was: refused when the fact changed since it was read."""
    if expected is not None and expected != fact_version(state):
        raise PreconditionFailed(
            "The fact changed since it was read; reload and try again.",
            detail={"key": key, "version": fact_version(state), "expected": expected},
        )


def check_fact_unchanged(key: str, before: dict | None, expected: str | None) -> None:
    """Setting a fact that exists, with a version in hand: refused when it changed since."""
    if expected is not None and before is not None and fact_version(before) != expected:
        raise PreconditionFailed(
            "The fact changed since it was read.", detail={"key": key, "version": fact_version(before)}
        )


def check_no_lineage_cycle(key: str, cycle: list[str]) -> None:
    """A lineage fact (derived from, fine-tunes, distilled from) never closes a cycle: no model is its
    own ancestor. `cycle` is the facts leading back from its object to its subject, or []."""
    if cycle:
        raise Conflict(
            "This lineage fact would make a model its own ancestor; reject or edit one of the facts "
            "in `detail.cycle` first.",
            detail={"key": key, "cycle": [f for f in cycle if f]},
        )


def check_document_version(key: str, sha256: str | None, expected: str | None) -> None:
    """A withdrawal of the document as it was read: refused when a revision replaced its text since."""
    if expected is not None and expected != sha256:
        raise PreconditionFailed(
            "The document changed since it was read (a revision replaced it); reload and try again.",
            detail={"key": key, "sha256": sha256, "expected": expected},
        )


def check_merge_distinct(survivor: str, other: str) -> None:
    """An entity is never merged into itself."""
    if survivor == other:
        raise Conflict("An entity cannot be merged into itself.", detail={"survivor": survivor, "other": other})


def check_merge_labels(survivor: str, other: str, kept: dict, gone: dict) -> None:
    """Two entities merge only when they have the same label (a Paper never becomes a Model)."""
    if kept["label"] != gone["label"]:
        raise Conflict(
            f"Cannot merge a {gone['label']} into a {kept['label']}.",
            detail={"survivor": survivor, "other": other, "labels": [kept["label"], gone["label"]]},
        )


def plan_version(plan: dict) -> str:
    """A short fingerprint of what a previewed change would do; another one means it would now do
    something else (the graph changed since the preview)."""
    return stable_id(json.dumps(plan, sort_keys=True, ensure_ascii=False, default=str))[:12]


def check_plan(plan: dict, expected: str | None) -> None:
    """A change confirmed from its preview is made only while it still does what the preview showed."""
    if expected is not None and plan_version(plan) != expected:
        raise Conflict(
            "The change would no longer do what its preview showed (the graph changed since); "
            "look at the new preview and confirm again.",
            detail={"version": plan_version(plan), "expected": expected},
        )


def merged_identity(kept: dict, gone: dict) -> tuple[list[str], dict]:
    """What a survivor keeps of the merged entity: its names as curated aliases (the survivor's own
    name excepted), and the properties the survivor does not have."""
    names = [*kept["curated_aliases"], gone["name"], *gone["aliases"], *gone["curated_aliases"]]
    aliases = [a for a in dict.fromkeys(names) if a and a != kept["name"]]
    props = {k: v for k, v in gone["properties"].items() if k not in kept["properties"]}
    return aliases, props


def names_nest(name: str, other: str) -> bool:
    """One name is the other with more words around it (Transformer / Q-Transformer, GPT-4 / GPT-4
    Turbo): a name built on another, not a spelling of it, so never offered as a duplicate."""
    short, long = sorted((name_tokens(name), name_tokens(other)), key=len)
    if not short or len(short) == len(long):
        return False
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def merged_endpoints(survivor: str, other: str, subject: str, obj: str) -> tuple[str, str]:
    """A fact's ends once `other` is merged into `survivor`; equal ends make it a self-loop that goes."""
    return (survivor if subject == other else subject), (survivor if obj == other else obj)

"""kg.rules on its own: the policy the repository applies, no database."""

import pytest

from kg import rules
from kg.errors import Conflict
from kg.vocabulary import RelType


def _claim(name, value, *, status="proposed", confidence=0.5, document="d", created_at=""):
    return {
        "name": name,
        "value": value,
        "status": status,
        "confidence": confidence,
        "document": document,
        "created_at": created_at,
    }


def test_review_floor_reads_all_none_or_from_a_confidence():
    assert rules.review_floor(True) == 0.0
    assert rules.review_floor(False) > 1.0  # above any confidence: accepted facts only
    assert rules.review_floor(0.7) == 0.7


def test_a_fact_without_claims_goes_unless_a_curator_made_or_decided_it():
    assert rules.fact_is_orphan(claims=0, curated=False, decision=None)
    assert not rules.fact_is_orphan(claims=1, curated=False, decision=None)
    assert not rules.fact_is_orphan(claims=0, curated=True, decision=None)
    assert not rules.fact_is_orphan(claims=0, curated=False, decision="rejected")


def test_a_lineage_child_released_before_its_parent_is_a_conflict():
    assert rules.fact_conflict(RelType.FINE_TUNES, "2022-01", "2023") == "released-before-parent"
    assert rules.fact_conflict(RelType.FINE_TUNES, "2024", "2023") is None
    assert rules.fact_conflict(RelType.FINE_TUNES, "2023", "2023-02") is None  # not comparable
    assert rules.fact_conflict(RelType.FINE_TUNES, None, "2023") is None
    assert rules.fact_conflict(RelType.USES, "2020", "2023") is None  # not a lineage type


def test_status_is_a_decision_else_the_threshold_and_a_conflict_holds_for_review():
    assert rules.fact_status(decision=None, confidence=0.95, threshold=0.9, conflict=None) == "accepted"
    assert rules.fact_status(decision=None, confidence=0.9, threshold=0.9, conflict=None) == "accepted"
    assert rules.fact_status(decision=None, confidence=0.89, threshold=0.9, conflict=None) == "proposed"
    assert (
        rules.fact_status(decision=None, confidence=0.99, threshold=0.9, conflict="released-before-parent")
        == "proposed"
    )
    assert rules.fact_status(decision="rejected", confidence=0.99, threshold=0.9, conflict=None) == "rejected"
    assert rules.fact_status(decision="accepted", confidence=0.1, threshold=0.9, conflict="x") == "accepted"


def test_fact_kind_is_what_most_claims_say_and_confidence_breaks_a_tie():
    assert rules.fact_kind([]) is None
    assert rules.fact_kind([["quantized", 0.9], ["finetune", 0.5], ["finetune", 0.4]]) == "finetune"
    assert rules.fact_kind([["quantized", 0.9], ["finetune", 0.5]]) == "quantized"
    assert rules.fact_kind([["adapter", None]]) == "adapter"


def test_an_entity_goes_only_when_nothing_holds_it():
    assert rules.entity_is_orphan(mentions=0, facts=0, attribute_claims=[], curated=False)
    assert not rules.entity_is_orphan(mentions=1, facts=0, attribute_claims=[], curated=False)
    assert not rules.entity_is_orphan(mentions=0, facts=2, attribute_claims=[], curated=False)
    assert not rules.entity_is_orphan(mentions=0, facts=0, attribute_claims=[{"name": "x"}], curated=None)
    assert not rules.entity_is_orphan(mentions=0, facts=0, attribute_claims=[], curated=True)


def test_aliases_keep_name_first_then_curated_then_mentions_each_once():
    aliases = rules.entity_aliases("GPT-3", ["gpt3", "GPT-3"], [["GPT-3", "Davinci"], ["davinci", "gpt3"]])
    assert aliases == ["GPT-3", "gpt3", "Davinci", "davinci"]


def test_best_attributes_skip_rejected_and_prefer_accepted_then_more_documents():
    claims = [
        _claim("parameters", 175, status="rejected", confidence=1.0, document="a"),
        _claim("parameters", 13, confidence=0.5, document="b"),
        _claim("parameters", 7, confidence=0.95, document="c"),  # at the threshold: counts as accepted
        _claim("released", "2020", document="a"),
        _claim("released", "2020-05", document="b"),
    ]
    best = rules.best_attributes(claims, threshold=0.9)
    assert best == {"parameters": 7, "released": "2020-05"}  # the more precise of agreeing dates
    assert rules.best_attributes([_claim("parameters", 1, status="rejected")], threshold=0.9) == {}


def test_curated_properties_are_the_labels_attributes_only():
    props = {"parameters": 7, "released": None, "search_text": "x", "created_at": "t", "name": "M"}
    assert rules.curated_properties("Model", props) == {"parameters": 7}


def test_fact_version_changes_with_what_a_reviewer_saw():
    state = {"status": "proposed", "decision": None, "curated": False, "confidence": 0.5, "claims": 1}
    state |= {"subject": "a", "object": "b"}
    version = rules.fact_version(state)
    assert len(version) == 12 and version == rules.fact_version(dict(state))
    assert rules.fact_version(dict(state, claims=2)) != version
    assert rules.fact_version(dict(state, key="ignored")) == version


def test_edits_on_a_changed_fact_are_refused():
    state = {"status": "proposed", "decision": None, "curated": False, "confidence": 0.5, "claims": 1}
    current = rules.fact_version(state)
    rules.check_fact_version("k", state, None)
    rules.check_fact_version("k", state, current)
    with pytest.raises(Conflict, match="reload") as refused:
        rules.check_fact_version("k", state, "stale")
    assert refused.value.detail == {"key": "k", "version": current, "expected": "stale"}
    rules.check_fact_unchanged("k", None, "stale")  # a new fact has nothing to differ from
    rules.check_fact_unchanged("k", state, current)
    with pytest.raises(Conflict, match="changed since"):
        rules.check_fact_unchanged("k", state, "stale")


def test_merges_need_two_entities_of_one_label():
    with pytest.raises(Conflict, match="itself"):
        rules.check_merge_distinct("a", "a")
    rules.check_merge_distinct("a", "b")
    with pytest.raises(Conflict, match="Cannot merge a Paper into a Model") as refused:
        rules.check_merge_labels("a", "b", {"label": "Model"}, {"label": "Paper"})
    assert refused.value.detail["labels"] == ["Model", "Paper"]
    rules.check_merge_labels("a", "b", {"label": "Model"}, {"label": "Model"})


def test_a_survivor_takes_the_other_names_and_missing_properties():
    kept = {"name": "Llama 2", "curated_aliases": ["llama2"], "properties": {"parameters": 7}}
    gone = {
        "name": "LLaMA-2",
        "aliases": ["LLaMA-2", "Llama 2", ""],
        "curated_aliases": ["llama2", "l2"],
        "properties": {"parameters": 13, "released": "2023-07"},
    }
    aliases, props = rules.merged_identity(kept, gone)
    assert aliases == ["llama2", "LLaMA-2", "l2"]
    assert props == {"released": "2023-07"}


def test_merged_endpoints_move_the_other_onto_the_survivor():
    assert rules.merged_endpoints("s", "o", "o", "x") == ("s", "x")
    assert rules.merged_endpoints("s", "o", "x", "o") == ("x", "s")
    assert rules.merged_endpoints("s", "o", "s", "o") == ("s", "s")  # a self-loop: the fact goes


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("Quorbit", "Q-Quorbit"),  # made-up names: one built on the other with a prefix
        ("Vexil-3.5", "Vexil-3.5 Turbo"),
        ("Quorbit", "QQuorbit Lite"),  # a capital starts a word in a cased script
        ("Нейрон", "Q-Нейрон"),
        ("文心", "文心X"),  # Han next to another script is a word boundary
        ("Zarvik 2", "Zarvik 2 Chat"),
    ],
)
def test_a_name_inside_a_longer_name_is_not_a_spelling_of_it(name, other):
    assert rules.names_nest(name, other) and rules.names_nest(other, name)


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("Vorlax-7", "Volrax-7"),  # a typo
        ("Quorbit-3", "Quorbit3"),  # the same words spelt apart
        ("Quorbit", "Quorbits"),
        ("文心", "文心"),
        ("Zarvik 2", "Zarvik 3"),
    ],
)
def test_spellings_of_one_name_still_pair(name, other):
    assert not rules.names_nest(name, other)

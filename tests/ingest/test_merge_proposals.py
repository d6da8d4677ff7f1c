"""The pipeline's merge proposals (made-up names): typos pair up, a name and a longer name built on
it never do, in any script."""

from types import MappingProxyType

from ingest.pipeline.resolve import merge_proposals
from ingest.pipeline.types import EntityOut


def _entity(name: str, key: str, label: str = "Model") -> EntityOut:
    return EntityOut(
        key=key,
        label=label,
        name=name,
        aliases=(name,),
        attributes=MappingProxyType({}),
        mentions=(),
        attribute_evidence=MappingProxyType({}),
        confidence=0.8,
        source="open-vocabulary",
    )


def _pairs(*names: tuple[str, str]) -> set[frozenset[str]]:
    return {frozenset((p.key, p.other_key)) for p in merge_proposals(entities=tuple(_entity(*n) for n in names))}


def test_a_typo_is_proposed_and_a_name_built_on_another_is_not():
    pairs = _pairs(
        ("Quorbit", "quorbit"),
        ("Q-Quorbit", "q-quorbit"),  # as close as a typo by letters, but a name of its own
        ("Vorlax-7", "vorlax-7"),
        ("Volrax-7", "volrax-7"),
    )
    assert pairs == {frozenset(("vorlax-7", "volrax-7"))}


def test_the_rule_holds_in_other_scripts():
    assert _pairs(("Нейронет", "neyronet"), ("Q-Нейронет", "q-neyronet")) == set()
    assert _pairs(("Нейронет", "neyronet"), ("Нейроент", "neyroent")) == {frozenset(("neyronet", "neyroent"))}

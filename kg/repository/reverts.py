"""Reverts of curation writes: facts and entities put back to recorded states, all in one transaction,
each only when it still is as the write left it (checked inside the transaction that restores it)."""

from neo4j import ManagedTransaction

from kg.errors import Conflict
from kg.repository import attributes, entity_writes, facts
from kg.repository.entities import entity_state_tx
from kg.types import Change


def _current(tx: ManagedTransaction, step: dict) -> dict | None:
    if step["kind"] == "fact":
        return facts.fact_state_tx(tx, key=step["key"])
    if step["kind"] == "attribute":
        where = attributes.parse_value_key(step["key"])
        return attributes.state_tx(tx, entity=where[0], attribute=where[1], value=where[2])
    return entity_state_tx(tx, key=step["key"])


def _check(tx: ManagedTransaction, step: dict) -> dict | None:
    current = _current(tx, step)
    if any((current or {}).get(field) != value for field, value in step["expected"].items()):
        raise Conflict(
            f"'{step['key']}' changed after this entry; revert the later entries first.", detail={"key": step["key"]}
        )
    return current


def restore_tx(tx: ManagedTransaction, *, steps: list[dict], threshold: float) -> list[Change]:
    """Each step: kind ("fact" | "entity"), key, the state to restore, the fields it must still have.

    A fact's state is (subject, type, object, decision, curated). An entity's is its name, curated
    aliases and curated mark; None (the entry created it) leaves it un-curated, so the sync drops it
    when nothing else holds it.
    """
    currents = [_check(tx, step) for step in steps]
    changes = []
    for step, current in zip(steps, currents, strict=True):
        if step["kind"] == "fact":
            changes.append(facts.set_tx(tx, state=step["state"], threshold=threshold, expected=None))
            continue
        if step["kind"] == "attribute":
            state = step["state"] or {"decision": None, "curated": False}
            changes.append(attributes.restore_tx(tx, key=step["key"], state=state, threshold=threshold))
            continue
        if current is None:
            raise Conflict(f"Entity '{step['key']}' no longer exists (merged or deleted).", detail={"key": step["key"]})
        state = step["state"] or dict(current, curated=False, curated_aliases=[])
        changes.append(
            entity_writes.set_tx(
                tx,
                key=step["key"],
                name=state["name"],
                curated_aliases=list(state["curated_aliases"]),
                curated=bool(state["curated"]),
                threshold=threshold,
            )
        )
    return changes

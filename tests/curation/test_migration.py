"""The move of the audit log and the curators' permissions from `ingest` to `curation` loses nothing."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("ingest", "0002_curation"), ("contenttypes", "0002_remove_content_type_name")]
AFTER = [("curation", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_audit_rows_and_curator_permissions_survive_the_move_to_the_curation_app():
    old = _migrate(BEFORE)
    content_type = old.get_model("contenttypes", "ContentType")
    permission = old.get_model("auth", "Permission")
    group = old.get_model("auth", "Group").objects.create(name="curators-before-the-move")
    fact_type, _ = content_type.objects.get_or_create(app_label="ingest", model="reviewedfact")
    change, _ = permission.objects.get_or_create(
        content_type=fact_type, codename="change_reviewedfact", defaults={"name": "Can change fact"}
    )
    group.permissions.add(change)
    # A database that never saw the new app: its content type changes app, grants and all.
    content_type.objects.filter(app_label="curation", model="curatedentity").delete()
    entity_type, _ = content_type.objects.get_or_create(app_label="ingest", model="curatedentity")
    merge, _ = permission.objects.get_or_create(
        content_type=entity_type, codename="merge_curatedentity", defaults={"name": "Can merge"}
    )
    group.permissions.add(merge)
    entry = old.get_model("ingest", "AuditEntry")
    accepted = entry.objects.create(action="fact_accept", target_kind="fact", target_key="a|USES|b")
    entry.objects.create(action="revert", target_kind="fact", target_key="a|USES|b", reverts=accepted)

    new = _migrate(AFTER)
    moved = new.get_model("curation", "AuditEntry")
    assert moved.objects.count() == 2
    assert moved.objects.get(action="revert").reverts_id == accepted.pk
    granted = new.get_model("auth", "Group").objects.get(name="curators-before-the-move").permissions.all()
    assert {(p.content_type.app_label, p.codename) for p in granted} == {
        ("curation", "change_reviewedfact"),
        ("curation", "merge_curatedentity"),
    }
    assert new.get_model("auth", "Permission").objects.get(codename="merge_curatedentity").pk == merge.pk
    assert not new.get_model("contenttypes", "ContentType").objects.filter(app_label="ingest", model="reviewedfact")

    # And back: the move is reversible.
    back = _migrate(BEFORE)
    assert back.get_model("ingest", "AuditEntry").objects.count() == 2
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

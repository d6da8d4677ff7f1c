"""Takes over the audit log (table renamed by ingest.0003) and the curators' admin entries.

No table is created here: the state moves, and the three content types change app, so permissions
granted as `ingest.change_reviewedfact` ... are the same rows, now read `curation.change_reviewedfact`.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("auditentry", "reviewedfact", "curatedentity")


def _move(apps, schema_editor, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    for model in MOVED:
        old = content_type.objects.using(db).filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = content_type.objects.using(db).filter(app_label=target, model=model).first()
        if new is None:  # the usual case: the same rows change app, grants and all
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        # Both exist (migrated back and forth): grants of the old permissions pass to the new ones.
        for old_permission in permission.objects.using(db).filter(content_type=old):
            new_permission, _ = permission.objects.using(db).get_or_create(
                content_type=new, codename=old_permission.codename, defaults={"name": old_permission.name}
            )
            for group in old_permission.group_set.all():
                group.permissions.add(new_permission)
            for user in old_permission.user_set.all():
                user.user_permissions.add(new_permission)
        old.delete()


def move_content_types(apps, schema_editor):
    _move(apps, schema_editor, "ingest", "curation")


def move_content_types_back(apps, schema_editor):
    _move(apps, schema_editor, "curation", "ingest")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("ingest", "0003_curation_moves_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when")),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("fact_accept", "accept fact"),
                                    ("fact_reject", "reject fact"),
                                    ("fact_edit", "edit fact (original rejected)"),
                                    ("fact_create", "create fact"),
                                    ("entity_create", "create entity"),
                                    ("entity_edit", "edit entity"),
                                    ("entity_merge", "merge entities"),
                                    ("revert", "revert"),
                                ],
                                max_length=32,
                                verbose_name="action",
                            ),
                        ),
                        (
                            "target_kind",
                            models.CharField(choices=[("fact", "fact"), ("entity", "entity")], max_length=16),
                        ),
                        ("target_key", models.CharField(db_index=True, max_length=500, verbose_name="target")),
                        ("before", models.JSONField(blank=True, null=True)),
                        ("after", models.JSONField(blank=True, null=True)),
                        ("related_keys", models.JSONField(blank=True, default=list)),
                        ("note", models.CharField(blank=True, max_length=300)),
                        (
                            "reverts",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="reverted_by",
                                to="curation.auditentry",
                                verbose_name="reverts",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="who",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit log",
                        "ordering": ["-created_at", "-pk"],
                        "default_permissions": ("view",),
                    },
                ),
                migrations.CreateModel(
                    name="CuratedEntity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "entity",
                        "verbose_name_plural": "entities",
                        "permissions": [("merge_curatedentity", "Can merge entities")],
                        "managed": False,
                        "default_permissions": ("view", "add", "change"),
                    },
                ),
                migrations.CreateModel(
                    name="ReviewedFact",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "fact",
                        "verbose_name_plural": "review queue",
                        "managed": False,
                        "default_permissions": ("view", "change"),
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

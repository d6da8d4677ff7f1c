"""Documents can be withdrawn: the audit log records it, and the admin's document pages carry the
permission (given to the existing curators group here; `createcurator` gives it to new ones)."""

from django.db import migrations, models

GRANTED = ("view_sourcedocument", "delete_sourcedocument")


def grant_curators(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("curation")
    config.models_module = True  # create_permissions skips an app it thinks has no models
    create_permissions(config, apps=apps, verbosity=0)
    group = apps.get_model("auth", "Group").objects.filter(name="curators").first()
    if group is not None:
        permission = apps.get_model("auth", "Permission")
        group.permissions.add(*permission.objects.filter(content_type__app_label="curation", codename__in=GRANTED))


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0002_previews_and_undo"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="SourceDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
            options={
                "verbose_name": "document",
                "verbose_name_plural": "documents",
                "managed": False,
                "default_permissions": ("view", "delete"),
            },
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("fact_accept", "accept fact"),
                    ("fact_reject", "reject fact"),
                    ("fact_edit", "edit fact (original rejected)"),
                    ("fact_create", "create fact"),
                    ("entity_create", "create entity"),
                    ("entity_edit", "edit entity"),
                    ("entity_merge", "merge entities"),
                    ("document_withdraw", "withdraw document"),
                    ("revert", "revert"),
                ],
                max_length=32,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="target_kind",
            field=models.CharField(
                choices=[("fact", "fact"), ("entity", "entity"), ("document", "document")], max_length=16
            ),
        ),
        migrations.RunPython(grant_curators, migrations.RunPython.noop),
    ]

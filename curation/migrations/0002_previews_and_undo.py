"""Previews and undo: audit entries of one action share a group (reverted together); a curator's
"not a duplicate" is kept (MergeDismissal) and logged (merge_dismiss)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="group",
            field=models.CharField(blank=True, db_index=True, max_length=32, verbose_name="action group"),
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
                    ("merge_dismiss", "not a duplicate"),
                    ("revert", "revert"),
                ],
                max_length=32,
                verbose_name="action",
            ),
        ),
        migrations.CreateModel(
            name="MergeDismissal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=500)),
                ("other_key", models.CharField(max_length=500)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="when")),
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
                "verbose_name": "dismissed merge suggestion",
                "default_permissions": (),
                "constraints": [models.UniqueConstraint(fields=("key", "other_key"), name="merge_dismissal_pair")],
            },
        ),
    ]

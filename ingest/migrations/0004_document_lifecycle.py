"""Documents with a lifecycle: a job can be cancelled and its document withdrawn; each submission
stores the graph document it loads (a revision the one it revises), the fingerprint of its text
(duplicates are caught at submit) and the Celery task last sent (a cancel revokes it)."""

from django.db import migrations, models


def fill_document_keys(apps, schema_editor):
    """What the model computed until now: a revision shares the key of the document it revises."""
    submission = apps.get_model("ingest", "Submission")
    keys: dict[int, str] = {}
    for row in submission.objects.order_by("pk").values("pk", "supersedes_id"):
        keys[row["pk"]] = keys.get(row["supersedes_id"]) or f"submission-{row['supersedes_id'] or row['pk']}"
    for pk, key in keys.items():
        submission.objects.filter(pk=pk).update(document_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0003_curation_moves_out"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="document_key",
            field=models.CharField(blank=True, db_index=True, max_length=300, verbose_name="document"),
        ),
        migrations.AddField(
            model_name="submission",
            name="fingerprint",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.AddField(
            model_name="submission",
            name="task_id",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="submission",
            name="state",
            field=models.CharField(
                choices=[
                    ("queued", "queued"),
                    ("running", "running"),
                    ("done", "done"),
                    ("failed", "failed"),
                    ("cancelled", "cancelled"),
                    ("withdrawn", "withdrawn"),
                ],
                db_index=True,
                default="queued",
                max_length=16,
            ),
        ),
        migrations.RunPython(fill_document_keys, migrations.RunPython.noop),
    ]

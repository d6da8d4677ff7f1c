"""A submission records the Celery queue its job was sent to (small and big documents are queued apart)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ingest", "0004_document_lifecycle")]

    operations = [
        migrations.AddField(model_name="submission", name="queue", field=models.CharField(blank=True, max_length=64)),
    ]

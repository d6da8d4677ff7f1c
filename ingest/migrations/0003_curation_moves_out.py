"""The audit log and the curators' admin entries move to the `curation` app.

The table is renamed, not copied (no row is lost); `curation.0001_initial` takes the models over in
Django's state and moves their content types, so curators keep their permissions, now named
`curation.*`.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ingest", "0002_curation")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable("AuditEntry", "curation_auditentry")],
            state_operations=[
                migrations.DeleteModel("AuditEntry"),
                migrations.DeleteModel("ReviewedFact"),
                migrations.DeleteModel("CuratedEntity"),
            ],
        )
    ]

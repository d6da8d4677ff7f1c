"""Every app's models match its migrations (django-axes' tables included), and the test database is
built by running them, as a deployment's `manage.py migrate` does."""

import subprocess
import sys

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader


def test_no_model_change_lacks_a_migration(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0 and "No changes detected" in out.stdout, out.stdout + out.stderr


def test_the_test_database_has_every_migration_applied_axes_too(db):
    loader = MigrationLoader(connection)
    unapplied = set(loader.graph.nodes) - set(loader.applied_migrations)
    assert unapplied == set()
    assert any(app == "axes" for app, _ in loader.applied_migrations)

"""Numbered, idempotent .cypher migrations, applied in order and recorded in the graph."""

from pathlib import Path

from kg.repository import driver

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

_APPLIED = "MATCH (m:SchemaMigration) RETURN m.name AS name"
_RECORD = "MERGE (m:SchemaMigration {name: $name}) ON CREATE SET m.applied_at = datetime()"


def migration_files() -> list[Path]:
    return sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.cypher"))


def _statements(path: Path) -> list[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("//")]
    return [statement.strip() for statement in "\n".join(lines).split(";") if statement.strip()]


def migrate() -> list[str]:
    """Apply every migration not yet recorded; statements are IF NOT EXISTS, so a re-run is harmless."""
    applied = {row["name"] for row in driver.run_autocommit(_APPLIED)}
    done = []
    for path in migration_files():
        if path.stem in applied:
            continue
        for statement in _statements(path):
            driver.run_autocommit(statement)
        driver.run_autocommit(_RECORD, name=path.stem)
        done.append(path.stem)
    driver.run_autocommit("CALL db.awaitIndexes(300)")
    return done

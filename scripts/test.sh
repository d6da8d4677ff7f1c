#!/usr/bin/env bash
# `make test`: its own Neo4j and broker on free ports (never the dev data), the whole suite, then stop them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
echo "== system packages: a JDK and Maven for Neo4j, Chromium and a CJK font for the browser tests"
scripts/system-deps.sh test
scripts/venv.sh
PY="$ROOT/.venv/bin/python"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
RUN_DIR="$ROOT/var/test-run-$$"
export NEO4J_BOLT_PORT="$(free_port)"
export REDIS_PORT="$(free_port)"
export NEO4J_DATA_DIR="$RUN_DIR/neo4j"
export REDIS_DATA_DIR="$RUN_DIR/redis"
export NEO4J_PASSWORD="test-password-$$"
export NEO4J_HEAP="${NEO4J_HEAP:-1g}"
export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
export DATABASE_URL="sqlite:///$RUN_DIR/db.sqlite3"
export DJANGO_SETTINGS_MODULE=config.settings
mkdir -p "$RUN_DIR"

cleanup() {
  scripts/broker.sh stop >/dev/null 2>&1 || true
  scripts/neo4j.sh stop >/dev/null 2>&1 || true
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT

if [[ "${SKIP_LINT:-0}" != 1 ]]; then
  echo "== lint"
  "$ROOT/.venv/bin/ruff" check .
  "$ROOT/.venv/bin/ruff" format --check .
fi
echo "== services (Neo4j on :$NEO4J_BOLT_PORT, Redis on :$REDIS_PORT)"
scripts/neo4j.sh start
scripts/broker.sh start
"$PY" manage.py collectstatic --noinput -v 0
echo "== tests"
"$PY" -m pytest "$@"

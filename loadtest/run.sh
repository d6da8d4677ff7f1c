#!/usr/bin/env bash
# `make loadtest`: its own Neo4j, broker, worker and gunicorn (2 workers) on free loopback ports, the
# seed articles ingested, then 20 clients for 60 s with a 60 KB adversarial document (10,000 × a model
# name) and a normal one submitted meanwhile through the API, as a curator would; the JSON report
# goes to artifacts/loadtest.json. Exit status 1 on any error or anything lost.
#   LOADTEST_CLIENTS=20 LOADTEST_DURATION=60 make loadtest
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/venv.sh
PY="$ROOT/.venv/bin/python"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
RUN_DIR="$ROOT/var/loadtest-$$"
WEB_PORT="$(free_port)"
export NEO4J_BOLT_PORT="$(free_port)" REDIS_PORT="$(free_port)"
export NEO4J_DATA_DIR="$RUN_DIR/neo4j" REDIS_DATA_DIR="$RUN_DIR/redis"
export NEO4J_PASSWORD="loadtest-$$-pw" NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0" DATABASE_URL="sqlite:///$RUN_DIR/db.sqlite3"
export DJANGO_SETTINGS_MODULE=config.settings CURATOR_PASSWORD="loadtest-curator-$$-pw"
# Throttling as shipped (the anonymous and user rates in config/settings.py): 20 clients from one
# address are throttled, and the report counts those 429s apart from errors.
mkdir -p "$RUN_DIR" artifacts

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  scripts/broker.sh stop >/dev/null 2>&1 || true
  scripts/neo4j.sh stop >/dev/null 2>&1 || true
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT

echo "== services"
scripts/neo4j.sh start
scripts/broker.sh start
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py kg_migrate
"$PY" manage.py collectstatic --noinput -v 0
echo "== seed articles"
"$PY" manage.py ingest fixtures/articles
TOKEN="$("$PY" manage.py createcurator loadtest --no-input --token | sed -n 's/^API token: //p')"
echo "== workers (as make run) and gunicorn (2 workers) on :$WEB_PORT"
# The workers as scripts/run.sh starts them: one for both queues, a second for small documents only.
"$ROOT/.venv/bin/celery" -A config worker -l warning --concurrency 1 -n "all@%h" \
  -Q "${INGEST_QUEUE:-ingest},${INGEST_BIG_QUEUE:-ingest-big}" >"$RUN_DIR/worker.log" 2>&1 &
pids+=($!)
"$ROOT/.venv/bin/celery" -A config worker -l warning --concurrency 1 -n "small@%h" -Q "${INGEST_QUEUE:-ingest}" \
  >"$RUN_DIR/worker-small.log" 2>&1 &
pids+=($!)
"$ROOT/.venv/bin/gunicorn" config.wsgi:application --bind "127.0.0.1:$WEB_PORT" --workers 2 \
  --access-logfile /dev/null --error-logfile "$RUN_DIR/web.log" &
pids+=($!)
for _ in $(seq 1 900); do
  curl -fsS -o /dev/null "http://127.0.0.1:$WEB_PORT/healthz" 2>/dev/null && break
  sleep 0.2
done
echo "== load: ${LOADTEST_CLIENTS:-20} clients for ${LOADTEST_DURATION:-60} s"
# A seed article submitted again under a new key: everything it states overlaps what is loaded.
"$PY" -m loadtest.run --base-url "http://127.0.0.1:$WEB_PORT" \
  --clients "${LOADTEST_CLIENTS:-20}" --duration "${LOADTEST_DURATION:-60}" \
  --ingest "$(ls fixtures/articles/*.txt | tail -n 1)" --adversarial --token "$TOKEN" --output artifacts/loadtest.json

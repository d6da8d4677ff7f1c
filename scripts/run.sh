#!/usr/bin/env bash
# `make run`: everything a newcomer needs, started in order; Ctrl-C stops what this run started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ -f .env ]] && set -a && . ./.env && set +a
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-neo4j-local-dev}"
export NEO4J_BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
export NEO4J_URI="${NEO4J_URI:-bolt://127.0.0.1:$NEO4J_BOLT_PORT}"
export REDIS_PORT="${REDIS_PORT:-6379}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:$REDIS_PORT/0}"
WEB_PORT="${WEB_PORT:-8000}"
PY="$ROOT/.venv/bin/python"
mkdir -p var

started=()
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping ..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for svc in "${started[@]}"; do "scripts/$svc.sh" stop || true; done
}
trap cleanup INT TERM EXIT

step() { printf '[%5ss] %s\n' "$SECONDS" "$*"; }

step "System packages: a JDK and Maven for Neo4j (scripts/system-deps.sh; KG_SYSTEM_DEPS=skip to skip)"
scripts/system-deps.sh run
step "Python environment"
scripts/venv.sh
for svc in neo4j broker; do
  if "scripts/$svc.sh" status >/dev/null 2>&1; then
    step "$svc already running: reusing it"
  else
    step "Starting $svc"
    "scripts/$svc.sh" start
    started+=("$svc")
  fi
done
step "Relational database and graph schema"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py kg_migrate
"$PY" manage.py collectstatic --noinput -v 0
step "Seed articles (unchanged ones are skipped)"
"$PY" manage.py ingest fixtures/articles
# Two workers: one for both queues, one for small documents only, so a big document (over
# INGEST_BIG_BYTES, on its own queue) never holds up a small one. Either alone runs every job.
QUEUES="${INGEST_QUEUE:-ingest},${INGEST_BIG_QUEUE:-ingest-big}"
step "Celery workers (queues $QUEUES; a second one for ${INGEST_QUEUE:-ingest} only)"
"$ROOT/.venv/bin/celery" -A config worker -l warning --concurrency 1 -n "all@%h" -Q "$QUEUES" >var/worker.log 2>&1 &
pids+=($!)
"$ROOT/.venv/bin/celery" -A config worker -l warning --concurrency 1 -n "small@%h" -Q "${INGEST_QUEUE:-ingest}" \
  >var/worker-small.log 2>&1 &
pids+=($!)
step "Web server (it first has Neo4j plan every statement the pages send: ~10-30 s, then every first page is quick)"
"$ROOT/.venv/bin/gunicorn" config.wsgi:application --bind "127.0.0.1:$WEB_PORT" --workers 2 \
  --access-logfile - --error-logfile - >var/web.log 2>&1 &
pids+=($!)
for _ in $(seq 1 900); do
  curl -fsS -o /dev/null "http://127.0.0.1:$WEB_PORT/healthz" 2>/dev/null && break
  sleep 0.2
done
step "Ready: http://127.0.0.1:$WEB_PORT/  (admin: /admin/, API: /api/docs/; logs in var/*.log; Ctrl-C stops)"
wait -n "${pids[@]}" || true

#!/usr/bin/env bash
# `make bench`: for each size (BENCH_SIZES, default 10000,100000,1000000) load a synthetic hub into a
# fresh Neo4j of its own, serve the app with gunicorn (2 workers) on a free loopback port, measure,
# then write docs/benchmarks.md and docs/benchmarks.png. Everything it starts, it stops.
#
# Environment: BENCH_SIZES, BENCH_REQUESTS (per measured query kind, default 200), BENCH_SEED (default 1),
# NEO4J_HEAP / NEO4J_PAGECACHE (default 2g / 2g), BENCH_KEEP=1 keeps var/bench-<pid>/ for inspection.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/venv.sh
PY="$ROOT/.venv/bin/python"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
RUN_DIR="$ROOT/var/bench-$$"
RESULTS="$ROOT/var/bench-results"
SIZES="${BENCH_SIZES:-10000,100000,1000000}"
export NEO4J_BOLT_PORT="$(free_port)" REDIS_PORT="$(free_port)" WEB_PORT="$(free_port)"
export NEO4J_DATA_DIR="$RUN_DIR/neo4j" REDIS_DATA_DIR="$RUN_DIR/redis"
export NEO4J_PASSWORD="bench-password-$$" NEO4J_HEAP="${NEO4J_HEAP:-2g}" NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-2g}"
export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT" NEO4J_START_TIMEOUT="${NEO4J_START_TIMEOUT:-600}"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
# Throttle counts live in Redis, as they would behind a load balancer; the rate is high enough never to bite.
export CACHE_URL="redis://127.0.0.1:$REDIS_PORT/1" API_ANON_RATE="10000000/minute" API_USER_RATE="10000000/minute"
export DATABASE_URL="sqlite:///$RUN_DIR/db.sqlite3" DJANGO_SETTINGS_MODULE=config.settings DJANGO_DEBUG=false
export LOG_LEVEL=WARNING
mkdir -p "$RUN_DIR" "$RESULTS"

GUNICORN_PID=""
stop_web() {
  if [[ -n "$GUNICORN_PID" ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID"
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  GUNICORN_PID=""
}
cleanup() {
  stop_web
  scripts/broker.sh stop >/dev/null 2>&1 || true
  scripts/neo4j.sh stop >/dev/null 2>&1 || true
  [[ "${BENCH_KEEP:-0}" == 1 ]] || rm -rf "$RUN_DIR"
}
trap cleanup EXIT

scripts/broker.sh start
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py collectstatic --noinput -v 0

for N in ${SIZES//,/ }; do
  echo "== $N models"
  scripts/neo4j.sh stop >/dev/null 2>&1 || true
  rm -rf "$NEO4J_DATA_DIR"  # a fresh store per size: nothing of the previous size is cached or left over
  scripts/neo4j.sh start
  "$PY" manage.py kg_migrate
  "$PY" -m bench.synth --models "$N" --seed "${BENCH_SEED:-1}" --format json | tee "$RUN_DIR/load-$N.json"
  "$ROOT/.venv/bin/gunicorn" config.wsgi:application --workers 2 --bind "127.0.0.1:$WEB_PORT" \
    --log-level warning >"$RUN_DIR/gunicorn-$N.log" 2>&1 &
  GUNICORN_PID=$!
  "$PY" bench/measure.py --models "$N" --port "$WEB_PORT" --load "$RUN_DIR/load-$N.json" \
    --requests "${BENCH_REQUESTS:-200}" --out "$RESULTS/$N.json"
  stop_web
  echo "== $N models: first requests after a Neo4j restart"
  "$PY" bench/coldstart.py --out "$RESULTS/coldstart-$N.json"
done
scripts/neo4j.sh stop >/dev/null
"$PY" bench/report.py --results "$RESULTS" --sizes "$SIZES" --markdown docs/benchmarks.md --plot docs/benchmarks.png

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

LOGS="${KG_RUN_LOG_DIR:-var}"
mkdir -p "$LOGS"

started=()
pids=()
declare -A worker_of=()   # pid -> the worker's name, for the ones restarted when they die
declare -A worker_args=() # name -> "log queues"
declare -A started_at=()  # name -> when it was last started ($SECONDS)
declare -A quick_deaths=() # name -> deaths in a row within a minute of starting
# Supervising needs `wait -n -p` (bash 5.1).
if ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] < 501)); then
  echo "make run needs bash 5.1 or newer (this is $BASH_VERSION)" >&2
  exit 1
fi
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping ..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for svc in "${started[@]}"; do "scripts/$svc.sh" stop || true; done
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

step() { printf '[%5ss] %s\n' "$SECONDS" "$*"; }

if [[ "${KG_RUN_SKIP_SETUP:-0}" == 1 ]]; then
  # For tests of the supervision below: services, schema and seeds are already there.
  step "KG_RUN_SKIP_SETUP=1: using the services, database and graph as they are"
else
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
  step "Seed articles (unchanged ones are skipped; one edited since replaces its document)"
  "$PY" manage.py ingest fixtures/articles --replace
fi

# start_worker NAME LOG QUEUES: a Celery worker in the background, remembered so it can be restarted.
start_worker() {
  local name="$1" log="$2" queues="$3"
  "$ROOT/.venv/bin/celery" -A config worker -l warning --concurrency 1 -n "$name@%h" -Q "$queues" >>"$log" 2>&1 &
  pids+=($!)
  worker_of[$!]="$name"
  worker_args[$name]="$log $queues"
  started_at[$name]=$SECONDS
}

# Two workers: one for both queues, one for small documents only, so a big document (over
# INGEST_BIG_BYTES, on its own queue) never holds up a small one. Either alone runs every job.
QUEUES="${INGEST_QUEUE:-ingest},${INGEST_BIG_QUEUE:-ingest-big}"
step "Celery workers (queues $QUEUES; a second one for ${INGEST_QUEUE:-ingest} only)"
: >"$LOGS/worker.log" && : >"$LOGS/worker-small.log" # this run's logs; a restarted worker appends
start_worker all "$LOGS/worker.log" "$QUEUES"
start_worker small "$LOGS/worker-small.log" "${INGEST_QUEUE:-ingest}"
step "Web server (it first has Neo4j plan every statement the pages send: ~10-30 s, then every first page is quick)"
"$ROOT/.venv/bin/gunicorn" config.wsgi:application --bind "127.0.0.1:$WEB_PORT" --workers 2 \
  --access-logfile - --error-logfile - >"$LOGS/web.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 900); do
  curl -fsS -o /dev/null "http://127.0.0.1:$WEB_PORT/healthz" 2>/dev/null && break
  sleep 0.2
done
step "Ready: http://127.0.0.1:$WEB_PORT/  (admin: /admin/, API: /api/docs/; logs in $LOGS/*.log; Ctrl-C stops)"

# Supervise: a worker that dies is started again (its jobs come back: ingest/recovery.py), never a
# reason to stop the rest; the web server ending ends the run; Ctrl-C stops everything.
while true; do
  dead=""
  status=0
  wait -n -p dead "${pids[@]}" || status=$?
  if [[ -z "$dead" ]]; then
    # A signal interrupted the wait (its trap decides, status > 128); anything else (no child left) ends
    # the run rather than looping.
    ((status > 128)) && continue
    step "Lost track of the processes (wait: status $status). Stopping."
    exit 1
  fi
  alive=()
  for pid in "${pids[@]}"; do [[ "$pid" == "$dead" ]] || alive+=("$pid"); done
  pids=("${alive[@]}")
  name="${worker_of[$dead]:-}"
  if [[ -z "$name" ]]; then
    step "The web server (pid $dead) exited with status $status; see $LOGS/web.log. Stopping the rest."
    exit "$status"
  fi
  unset "worker_of[$dead]"
  read -r log queues <<<"${worker_args[$name]}"
  # A worker that keeps dying at start-up (a bad setting, an import error) is not restarted for ever:
  # five deaths within a minute of their start end the run, pointing at the log.
  if ((SECONDS - ${started_at[$name]:-0} < 60)); then quick_deaths[$name]=$((${quick_deaths[$name]:-0} + 1)); else quick_deaths[$name]=0; fi
  if ((${quick_deaths[$name]} >= 5)); then
    step "Worker $name died 5 times within a minute of starting; see $log. Stopping."
    exit 1
  fi
  step "Worker $name (pid $dead) died with status $status; restarting it (log: $log)"
  sleep $((1 << ${quick_deaths[$name]})) # 1, 2, 4, 8 s: no tight loop
  start_worker "$name" "$log" "$queues"
done

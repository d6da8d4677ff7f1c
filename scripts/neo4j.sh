#!/usr/bin/env bash
# Run an embedded Neo4j Community 5.26 (Bolt only) without Docker or a server tarball.
#
# Usage: scripts/neo4j.sh {start|stop|status|logs|restart}
#
# Environment:
#   NEO4J_DATA_DIR   store + pidfile + log location (default: <repo>/var/neo4j; relative paths
#                    are taken relative to the repo root)
#   NEO4J_BOLT_PORT  Bolt port on 127.0.0.1 (default: 7687)
#   NEO4J_PASSWORD   password of user "neo4j", min. 8 chars (default for local dev only:
#                    "neo4j-local-dev"); re-applied on every start
#   NEO4J_HEAP       JVM max heap (default: 1g)
#   NEO4J_PAGECACHE  page cache size (default: 256m)
#   NEO4J_START_TIMEOUT  seconds to wait for readiness (default: 180)
#
# Several instances can run side by side as long as data dir and port differ.
# Needs a JDK 17+ (java and javac) and mvn: scripts/system-deps.sh installs them (make run calls it).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAUNCHER_SRC="$REPO_ROOT/scripts/neo4j"
BUILD_ROOT="$REPO_ROOT/var/neo4j-launcher"

DATA_DIR="${NEO4J_DATA_DIR:-var/neo4j}"
[[ "$DATA_DIR" = /* ]] || DATA_DIR="$REPO_ROOT/$DATA_DIR"
BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
HEAP="${NEO4J_HEAP:-1g}"
TIMEOUT="${NEO4J_START_TIMEOUT:-180}"
PIDFILE="$DATA_DIR/neo4j.pid"
LOGFILE="$DATA_DIR/neo4j.log"
PORTFILE="$DATA_DIR/neo4j.port"
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-neo4j-local-dev}"

die() {
  echo "neo4j.sh: $*" >&2
  exit 1
}

require_tools() {
  local missing=()
  for tool in java javac mvn; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    die "missing ${missing[*]}; scripts/system-deps.sh run installs them (a JDK 17+ and Maven)"
  fi
}

# Prints the pid if this data dir's launcher is alive; guards against reused pids.
running_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-Dkg.neo4j.home=$DATA_DIR " || return 1
  echo "$pid"
}

# Resolves the classpath and compiles the launcher once per (pom, Launcher.java) content.
build_launcher() {
  local key dir
  key="$(cat "$LAUNCHER_SRC/pom.xml" "$LAUNCHER_SRC/Launcher.java" | sha256sum | cut -c1-16)"
  dir="$BUILD_ROOT/$key"
  if [[ ! -f "$dir/ok" ]]; then
    mkdir -p "$BUILD_ROOT"
    # Side-by-side starts (dev instance + test suite) must not build into the same dir at once.
    exec 9>"$BUILD_ROOT/.lock"
    flock 9
    if [[ ! -f "$dir/ok" ]]; then
      echo "neo4j.sh: resolving Neo4j 5.26 from Maven Central into ~/.m2 (first time only: ~145 MB, about 30 s)..." >&2
      mkdir -p "$dir/classes"
      # Maven's own output (colour resets even with -q) goes to a log, shown when it fails.
      mvn -B -q -f "$LAUNCHER_SRC/pom.xml" dependency:build-classpath \
        -Dmdep.outputFile="$dir/classpath.txt" >"$BUILD_ROOT/mvn.log" 2>&1 \
        || { cat "$BUILD_ROOT/mvn.log" >&2; die "maven could not resolve $LAUNCHER_SRC/pom.xml"; }
      echo "neo4j.sh: compiling the launcher (a few seconds)" >&2
      javac -d "$dir/classes" -cp "$(cat "$dir/classpath.txt")" "$LAUNCHER_SRC/Launcher.java" >&2 \
        || die "javac failed on Launcher.java"
      touch "$dir/ok"
    fi
    exec 9>&-
  fi
  echo "$dir"
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + TIMEOUT))
  while ((SECONDS < deadline)); do
    if grep -qF "NEO4J READY bolt://127.0.0.1:$BOLT_PORT" "$LOGFILE" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "neo4j.sh: launcher exited during startup; log tail ($LOGFILE):" >&2
      tail -n 60 "$LOGFILE" >&2 || true
      rm -f "$PIDFILE"
      return 1
    fi
    sleep 0.5
  done
  echo "neo4j.sh: not ready after ${TIMEOUT}s; log tail ($LOGFILE):" >&2
  tail -n 60 "$LOGFILE" >&2 || true
  return 1
}

cmd_start() {
  local pid dir
  if pid="$(running_pid)"; then
    echo "neo4j already running (pid $pid, data $DATA_DIR, bolt://127.0.0.1:$(cat "$PORTFILE"))"
    return 0
  fi
  require_tools
  ((${#NEO4J_PASSWORD} >= 8)) || die "NEO4J_PASSWORD must be at least 8 characters"
  dir="$(build_launcher)"
  mkdir -p "$DATA_DIR"
  [[ -f "$LOGFILE" ]] && mv -f "$LOGFILE" "$LOGFILE.1"
  # setsid detaches the JVM from the caller's process group so it outlives the shell.
  setsid java -Xmx"$HEAP" -Xms256m \
    "-Dkg.neo4j.home=$DATA_DIR" \
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC \
    -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true \
    -Dlog4j2.disable.jmx=true \
    --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    -cp "$dir/classes:$(cat "$dir/classpath.txt")" \
    Launcher "$DATA_DIR" "$BOLT_PORT" </dev/null >>"$LOGFILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PIDFILE"
  echo "$BOLT_PORT" >"$PORTFILE"
  echo "neo4j starting (pid $pid, data $DATA_DIR, log $LOGFILE)..."
  wait_ready "$pid" || exit 1
  echo "neo4j ready at bolt://127.0.0.1:$BOLT_PORT (user neo4j)"
}

cmd_stop() {
  local pid waited=0
  if ! pid="$(running_pid)"; then
    echo "neo4j not running (data $DATA_DIR)"
    rm -f "$PIDFILE"
    return 0
  fi
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 120)); then
      echo "neo4j.sh: pid $pid ignored SIGTERM for 60s; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "$PIDFILE" "$PORTFILE"
  echo "neo4j stopped (data $DATA_DIR)"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "neo4j running (pid $pid, data $DATA_DIR, bolt://127.0.0.1:$(cat "$PORTFILE"))"
    return 0
  fi
  echo "neo4j not running (data $DATA_DIR)"
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

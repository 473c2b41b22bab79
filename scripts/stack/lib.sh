#!/usr/bin/env bash
# Shared helpers for scripts/stack/*.sh. Source it; do not run it.
# Everything lives under <repo>/.stack (git-ignored):
#   .stack/venv/      Python virtualenv with MiniStack
#   .stack/data/      data directories (.stack/data/engine: the engine's journal, fresh per stack start)
#   .stack/pids/      NAME.pid (+ NAME.starttime) of every background process
#   .stack/logs/      NAME.log of every background process
#   .stack/endpoints.env / endpoints.json   where the running stack listens

STACK_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$STACK_LIB_DIR/../.." && pwd)"
STACK_DIR="${STACK_DIR:-$REPO_ROOT/.stack}"
PID_DIR="$STACK_DIR/pids"
LOG_DIR="$STACK_DIR/logs"
DATA_DIR="$STACK_DIR/data"
VENV_DIR="$STACK_DIR/venv"
ENDPOINTS_ENV="$STACK_DIR/endpoints.env"
ENDPOINTS_JSON="$STACK_DIR/endpoints.json"

# shellcheck source=versions.env
source "$STACK_LIB_DIR/versions.env"

# Ports (overridable from the environment). All servers bind 127.0.0.1 only.
STACK_HOST=127.0.0.1
ENGINE_GRPC_PORT="${ENGINE_GRPC_PORT:-26500}"          # engine/: Zeebe gRPC gateway protocol
ENGINE_REST_PORT="${ENGINE_REST_PORT:-8080}"            # engine/: Camunda 8 REST API v2
ENGINE_DATA_DIR="$DATA_DIR/engine"                      # the engine's journal (survives an engine restart)
MINISTACK_PORT="${MINISTACK_PORT:-4566}"
FAULT_PROXY_PORT="${FAULT_PROXY_PORT:-4567}"
AWS_AI_PORT="${AWS_AI_PORT:-4570}"                    # test/fakes/aws-ai (Textract, ... stand-in)

log()  { printf '[stack] %s\n' "$*" >&2; }
die()  { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

ensure_dirs() { mkdir -p "$PID_DIR" "$LOG_DIR" "$DATA_DIR"; }

# --------------------------------------------------------------- waits ------

# wait_for_url URL TIMEOUT_S [EXPECTED_STATUS=200] -> 0 once URL answers that status.
wait_for_url() {
  local url="$1" timeout="$2" want="${3:-200}" deadline code
  deadline=$(( $(date +%s) + timeout ))
  while :; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" 2>/dev/null || true)"
    [ "$code" = "$want" ] && return 0
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 1
  done
}

# http_ok URL -> 0 if URL answers 200 right now.
http_ok() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" 2>/dev/null || true)" = "200" ]
}

# port_in_use PORT -> 0 if something listens on 127.0.0.1:PORT (or any address).
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ------------------------------------------------------ processes by PID ----

# Start time of a PID in clock ticks since boot (field 22 of /proc/PID/stat); guards PID reuse.
proc_starttime() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"            # drop "pid (comm) " (comm may contain spaces)
  # shellcheck disable=SC2086
  set -- $stat
  printf '%s\n' "${20}"          # field 22 overall = 20th after pid and comm
}

# read_pid NAME -> prints the PID if its file exists and the process is alive (and is
# the same process: start time matches when recorded). Returns 1 otherwise.
read_pid() {
  local name="$1" pidf="$PID_DIR/$1.pid" pid st
  [ -f "$pidf" ] || return 1
  pid="$(tr -dc '0-9' < "$pidf")"
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -f "$PID_DIR/$name.starttime" ]; then
    st="$(proc_starttime "$pid" || true)"
    [ "$st" = "$(cat "$PID_DIR/$name.starttime")" ] || return 1
  fi
  printf '%s\n' "$pid"
}

is_running() { read_pid "$1" >/dev/null; }

# start_bg NAME CMD [ARGS...]
# Starts CMD detached in its own session/process group (so the whole tree can be stopped
# by PID), stdin from /dev/null, stdout+stderr to .stack/logs/NAME.log (appended).
# Writes the leader PID to .stack/pids/NAME.pid. Extra environment: prefix CMD with `env`.
start_bg() {
  local name="$1"; shift
  ensure_dirs
  local pidf="$PID_DIR/$name.pid" logf="$LOG_DIR/$name.log" i pid
  rm -f "$pidf" "$PID_DIR/$name.starttime"
  printf '\n===== %s: starting %s =====\n' "$(date -Is)" "$*" >> "$logf"
  # The inner shell records its own PID ($$) and then execs CMD, so the PID file holds
  # the real process and session leader whether or not setsid had to fork.
  nohup setsid bash -c 'echo $$ > "$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' "$pidf" "$@" \
    >> "$logf" 2>&1 < /dev/null &
  for i in $(seq 1 100); do [ -s "$pidf" ] && break; sleep 0.05; done
  [ -s "$pidf" ] || die "$name did not start (no PID file); see $logf"
  pid="$(cat "$pidf")"
  proc_starttime "$pid" > "$PID_DIR/$name.starttime" 2>/dev/null || true
  log "started $name (pid $pid, log $logf)"
}

# stop_by_pid NAME [GRACE_S=20]: TERM (the process group when the PID leads one), wait up
# to GRACE_S, then KILL. Removes the PID files. Returns 0 whether or not it was running.
stop_by_pid() {
  local name="$1" grace="${2:-20}" pid pgid target i
  if ! pid="$(read_pid "$name")"; then
    rm -f "$PID_DIR/$name.pid" "$PID_DIR/$name.starttime"
    return 0
  fi
  pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
  if [ -n "$pgid" ] && [ "$pgid" = "$pid" ]; then target="-$pid"; else target="$pid"; fi
  log "stopping $name (pid $pid$([ "$target" = "-$pid" ] && echo ", process group"))"
  kill -TERM -- "$target" 2>/dev/null || true
  for i in $(seq 1 $(( grace * 4 ))); do
    kill -0 -- "$target" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 -- "$target" 2>/dev/null; then
    log "$name did not stop within ${grace}s; sending KILL"
    kill -KILL -- "$target" 2>/dev/null || true
    for i in $(seq 1 20); do kill -0 -- "$target" 2>/dev/null || break; sleep 0.25; done
  fi
  rm -f "$PID_DIR/$name.pid" "$PID_DIR/$name.starttime"
}

# tail_log NAME [LINES=80] -> prints the end of .stack/logs/NAME.log to stderr.
tail_log() {
  local f="$LOG_DIR/$1.log"
  if [ -f "$f" ]; then
    printf '[stack] ----- last %s lines of %s -----\n' "${2:-80}" "$f" >&2
    tail -n "${2:-80}" "$f" >&2
    printf '[stack] ----- end of %s -----\n' "$f" >&2
  fi
}

# require_free_port NAME PORT: refuse to start on a port something else holds (e.g. a leftover
# engine), with a clear message.
require_free_port() {
  if port_in_use "$2"; then
    log "port $STACK_HOST:$2 needed by $1 is already in use by a process not started by this stack:"
    ss -ltnp 2>/dev/null | grep -E "[:.]$2 " >&2 || true
    die "free port $2 (or stop that process) and retry"
  fi
}

# fail_start NAME MESSAGE: show the log tail, stop that component, exit 1.
fail_start() {
  log "$1: $2"
  tail_log "$1" 80
  stop_by_pid "$1" 10
  log "start failed; other components are left running (scripts/stack/stop.sh stops them)"
  exit 1
}

# wait_ready NAME CHECK TIMEOUT_S [STARTED_AT]: until CHECK succeeds; fails the start when the
# process exits first or the time is up.
wait_ready() {
  local name="$1" check="$2" timeout="$3" started="${4:-}" deadline
  deadline=$(( $(date +%s) + timeout ))
  until "$check"; do
    is_running "$name" || fail_start "$name" "process exited before it was ready"
    [ "$(date +%s)" -lt "$deadline" ] || fail_start "$name" "not ready within ${timeout}s"
    sleep 1
  done
  if [ -n "$started" ]; then log "$name ready after $(( $(date +%s) - started ))s"; else log "$name ready"; fi
}

# ---------------------------------------------------------------- engine ----
# The project's own workflow engine (engine/, TypeScript): the Zeebe gRPC gateway protocol and the
# Camunda 8 REST API v2, with its journal in $ENGINE_DATA_DIR.

TSX="$REPO_ROOT/node_modules/.bin/tsx"
ENGINE_REST_URL="http://$STACK_HOST:$ENGINE_REST_PORT"
ENGINE_START_TIMEOUT="${ENGINE_START_TIMEOUT:-30}"

# Ready once its REST API answers the topology.
engine_healthy() { http_ok "$ENGINE_REST_URL/v2/topology"; }

# build_engine: compiles engine/ into dist/engine when a source is newer than the build (tsc, ~10 s).
build_engine() {
  local compiled="$REPO_ROOT/dist/engine/main.js"
  if [ -f "$compiled" ] && [ -z "$(find "$REPO_ROOT/engine/src" "$REPO_ROOT/engine/tsconfig.build.json" -newer "$compiled" -print -quit)" ]; then
    return 0
  fi
  log "compiling the engine (engine/src changed)"
  (cd "$REPO_ROOT" && node_modules/.bin/tsc -p engine/tsconfig.build.json) || die "the engine did not compile"
}

# start_engine: starts the compiled engine in the background on $ENGINE_DATA_DIR as the folder is (the
# caller decides whether it starts fresh). Its log is .stack/logs/engine.log; nothing reads it but people.
start_engine() {
  build_engine
  require_free_port engine "$ENGINE_GRPC_PORT"
  require_free_port engine "$ENGINE_REST_PORT"
  mkdir -p "$ENGINE_DATA_DIR"
  start_bg engine env \
    ENGINE_HOST="$STACK_HOST" \
    ENGINE_GRPC_PORT="$ENGINE_GRPC_PORT" \
    ENGINE_REST_PORT="$ENGINE_REST_PORT" \
    ENGINE_DATA_DIR="$ENGINE_DATA_DIR" \
    ENGINE_CLOCK_CONTROL="${ENGINE_CLOCK_CONTROL:-true}" \
    node "$REPO_ROOT/dist/engine/main.js"
}

# ---------------------------------------------------------- install state ---

ministack_installed() {
  [ -x "$VENV_DIR/bin/ministack" ] &&
    [ "$("$VENV_DIR/bin/python" -c 'import importlib.metadata as m; print(m.version("ministack"))' 2>/dev/null)" = "$MINISTACK_VERSION" ]
}
stack_installed() { ministack_installed; }

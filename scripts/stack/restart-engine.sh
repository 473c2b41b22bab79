#!/usr/bin/env bash
# Restarts the stack's engine alone on the same data folder ($ENGINE_DATA_DIR, .stack/data/engine): what it
# journaled before the restart is there after it. For tests of the engine's recovery (the harness's
# restartEngine()) and by hand, also after the engine stopped or was killed (kill -9): a stopped engine is
# started from its journal. The rest of the stack keeps running; the endpoints do not change.
# Stops a running engine by its PID (TERM, then KILL after ENGINE_STOP_GRACE seconds, default 20), starts it
# again and waits until its topology answers (ENGINE_START_TIMEOUT, default 30). Exits non-zero if it does not.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$REPO_ROOT"

if pid="$(read_pid engine)" && is_running engine; then
  log "restarting the engine (pid $pid, data $ENGINE_DATA_DIR kept)"
  stop_by_pid engine "${ENGINE_STOP_GRACE:-20}"
else
  log "the engine is not running; starting it from its journal ($ENGINE_DATA_DIR)"
  rm -f "$PID_DIR/engine.pid" "$PID_DIR/engine.starttime"
fi
started=$(date +%s)
start_engine
wait_ready engine engine_healthy "$ENGINE_START_TIMEOUT" "$started"

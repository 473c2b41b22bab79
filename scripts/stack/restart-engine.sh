#!/usr/bin/env bash
# Restarts the stack's engine alone on the same data folder ($ENGINE_DATA_DIR, .stack/data/engine): what it
# journaled before the restart is there after it. For tests of the engine's recovery (the harness's
# restartEngine()) and by hand. The rest of the stack keeps running; the endpoints do not change.
# Stops the engine by its PID (TERM, then KILL after ENGINE_STOP_GRACE seconds, default 20), starts it again
# and waits until its topology answers (ENGINE_START_TIMEOUT, default 30). Exits non-zero if it does not.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$REPO_ROOT"

pid="$(read_pid engine)" || die "the stack's engine is not running (scripts/stack/start.sh starts it)"
log "restarting the engine (pid $pid, data $ENGINE_DATA_DIR kept)"
stop_by_pid engine "${ENGINE_STOP_GRACE:-20}"
started=$(date +%s)
start_engine
wait_ready engine engine_healthy "$ENGINE_START_TIMEOUT" "$started"

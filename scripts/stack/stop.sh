#!/usr/bin/env bash
# Stops every process recorded in .stack/pids/*.pid (workers first, then the AWS AI stand-in, the fault proxy,
# MiniStack and the engine), each by its PID / process group: TERM, up to 20 s, then KILL.
# Removes the PID files and the endpoints files. Exits 0 even when nothing runs.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

STACK_NAMES=(aws-ai fault-proxy ministack engine)
stopped=0
if [ -d "$PID_DIR" ]; then
  # Anything that is not a stack component (e.g. worker processes) goes first.
  for f in "$PID_DIR"/*.pid; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .pid)"
    case " ${STACK_NAMES[*]} " in *" $name "*) continue ;; esac
    stop_by_pid "$name"; stopped=$((stopped + 1))
  done
  for name in "${STACK_NAMES[@]}"; do
    if [ -e "$PID_DIR/$name.pid" ]; then stop_by_pid "$name"; stopped=$((stopped + 1)); fi
  done
  rm -f "$PID_DIR"/*.starttime
fi
rm -f "$ENDPOINTS_ENV" "$ENDPOINTS_JSON"
if [ "$stopped" -eq 0 ]; then log "nothing was running"; else log "stopped $stopped process(es)"; fi
exit 0

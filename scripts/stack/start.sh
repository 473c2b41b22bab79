#!/usr/bin/env bash
# Starts the local stack as background processes on 127.0.0.1 (no Docker):
#   camunda     Camunda 8 broker + gateway (gRPC :26500, REST :8080, management :9600),
#               fresh data directory per start under .stack/data/
#   ministack   AWS emulator (S3, Lambda, ...) on :4566
#   fault-proxy test/fakes/fault-proxy.ts on :4567 in front of MiniStack (control: /_fault)
#   aws-ai      test/fakes/aws-ai/server.ts on :4570, stand-in for the AWS AI services (Textract, Comprehend, Rekognition),
#               reading S3 documents from MiniStack (control: /_control, see its README.md)
# Waits for each to be ready, then writes .stack/endpoints.env and .stack/endpoints.json.
# Already-running healthy components are kept; exits 0 at once if all are.
# Env: CAMUNDA_START_TIMEOUT (180), MINISTACK_START_TIMEOUT (60), PROXY_START_TIMEOUT (60),
#      CAMUNDA_JAVA_OPTIONS ("-Xms256m -Xmx1g"), port overrides ZEEBE_GRPC_PORT, ZEEBE_REST_PORT,
#      ZEEBE_MANAGEMENT_PORT, ZEEBE_COMMAND_PORT, ZEEBE_INTERNAL_PORT, MINISTACK_PORT,
#      FAULT_PROXY_PORT, AWS_AI_PORT (see lib.sh); endpoints files always reflect the ports in use.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$REPO_ROOT"

CAMUNDA_START_TIMEOUT="${CAMUNDA_START_TIMEOUT:-180}"
MINISTACK_START_TIMEOUT="${MINISTACK_START_TIMEOUT:-60}"
PROXY_START_TIMEOUT="${PROXY_START_TIMEOUT:-60}"

MGMT_URL="http://$STACK_HOST:$ZEEBE_MANAGEMENT_PORT"
REST_URL="http://$STACK_HOST:$ZEEBE_REST_PORT"
MINISTACK_URL="http://$STACK_HOST:$MINISTACK_PORT"
PROXY_URL="http://$STACK_HOST:$FAULT_PROXY_PORT"
AWS_AI_URL="http://$STACK_HOST:$AWS_AI_PORT"

# ------------------------------------------------------------ health -------
# The topology must list a partition whose leader is healthy (the gateway can answer
# UNAVAILABLE for a moment after the actuator health turns UP).
camunda_topology_ok() {
  local body
  body="$(curl -sf --max-time 5 "$REST_URL/v2/topology" 2>/dev/null)" || return 1
  printf '%s' "$body" | python3 -c '
import json, sys
t = json.load(sys.stdin)
ok = any(p.get("role") == "leader" and p.get("health") == "healthy"
         for b in t.get("brokers", []) for p in b.get("partitions", []))
sys.exit(0 if ok else 1)'
}
camunda_healthy()   { http_ok "$MGMT_URL/actuator/health/status" && camunda_topology_ok; }
ministack_healthy() { http_ok "$MINISTACK_URL/_ministack/ready"; }
proxy_healthy()     { http_ok "$PROXY_URL/_fault"; }
aws_ai_healthy()    { http_ok "$AWS_AI_URL/_control/health"; }

component_up() { is_running "$1" && "$2"; }

write_endpoints() {
  local tmp="$ENDPOINTS_ENV.tmp"
  cat > "$tmp" <<ENV
# Written by scripts/stack/start.sh at $(date -Is); removed by scripts/stack/stop.sh.
ZEEBE_GRPC_ADDRESS=grpc://$STACK_HOST:$ZEEBE_GRPC_PORT
ZEEBE_REST_ADDRESS=http://$STACK_HOST:$ZEEBE_REST_PORT
CAMUNDA_AUTH_STRATEGY=NONE
CAMUNDA_VERSION=$CAMUNDA_VERSION
ZEEBE_MANAGEMENT_ADDRESS=http://$STACK_HOST:$ZEEBE_MANAGEMENT_PORT
AWS_REGION=us-east-1
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
AWS_ENDPOINT_URL_S3_EMULATOR=http://$STACK_HOST:$MINISTACK_PORT
S3_ENDPOINT=http://$STACK_HOST:$FAULT_PROXY_PORT
FAULT_PROXY_CONTROL=http://$STACK_HOST:$FAULT_PROXY_PORT/_fault
AWS_AI_ENDPOINT=http://$STACK_HOST:$AWS_AI_PORT
AWS_AI_CONTROL=http://$STACK_HOST:$AWS_AI_PORT/_control
STACK_LOG_DIR=$LOG_DIR
ENV
  python3 - "$tmp" "$ENDPOINTS_JSON.tmp" <<'PY'
import json, sys
out = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if line and not line.startswith("#") and "=" in line:
        k, v = line.split("=", 1)
        out[k] = v
json.dump(out, open(sys.argv[2], "w"), indent=2)
open(sys.argv[2], "a").write("\n")
PY
  mv "$ENDPOINTS_JSON.tmp" "$ENDPOINTS_JSON"
  mv "$tmp" "$ENDPOINTS_ENV"
  log "endpoints written to $ENDPOINTS_ENV and $ENDPOINTS_JSON"
}

fail_start() { # NAME MESSAGE: show the log tail, stop that component, exit 1
  log "$1: $2"
  tail_log "$1" 80
  stop_by_pid "$1" 10
  log "start failed; other components are left running (scripts/stack/stop.sh stops them)"
  exit 1
}

# Refuse to start on a port something else holds (e.g. a leftover broker), with a clear message.
require_free_port() { # NAME PORT
  if port_in_use "$2"; then
    log "port $STACK_HOST:$2 needed by $1 is already in use by a process not started by this stack:"
    ss -ltnp 2>/dev/null | grep -E "[:.]$2 " >&2 || true
    die "free port $2 (or stop that process) and retry"
  fi
}

# ------------------------------------------------------------ main ---------
t_start=$(date +%s)
ensure_dirs

if component_up camunda camunda_healthy && component_up ministack ministack_healthy &&
   component_up fault-proxy proxy_healthy && component_up aws-ai aws_ai_healthy; then
  log "stack already running and healthy (camunda pid $(read_pid camunda), ministack pid $(read_pid ministack), fault-proxy pid $(read_pid fault-proxy), aws-ai pid $(read_pid aws-ai))"
  [ -f "$ENDPOINTS_JSON" ] || write_endpoints
  exit 0
fi

if ! stack_installed; then
  log "stack not installed yet; running install.sh"
  bash "$STACK_LIB_DIR/install.sh"
fi
JAVA_HOME_FOUND="$(find_java 21)" || die "no Java >= 21 (run scripts/stack/install.sh)"
TSX="$REPO_ROOT/node_modules/.bin/tsx"
[ -x "$TSX" ] || die "$TSX not found: run 'npm ci' first"

# A component whose process is alive but unhealthy is restarted.
for c in camunda:camunda_healthy ministack:ministack_healthy fault-proxy:proxy_healthy aws-ai:aws_ai_healthy; do
  name="${c%%:*}"; check="${c#*:}"
  if is_running "$name" && ! "$check"; then
    log "$name is running but not healthy; restarting it"
    stop_by_pid "$name"
  fi
done

# --- Camunda
camunda_started=""
if is_running camunda; then
  log "camunda already running (pid $(read_pid camunda))"
else
  for p in "$ZEEBE_GRPC_PORT" "$ZEEBE_REST_PORT" "$ZEEBE_MANAGEMENT_PORT" "$ZEEBE_COMMAND_PORT" "$ZEEBE_INTERNAL_PORT"; do require_free_port camunda "$p"; done
  rm -rf "$DATA_DIR"/camunda-*           # previous runs' data: each start is fresh
  run_dir="$DATA_DIR/camunda-$(date +%Y%m%d-%H%M%S)-$$"
  mkdir -p "$run_dir"
  # A new broker log per start: the debug exporter makes it grow fast.
  [ -f "$LOG_DIR/camunda.log" ] && mv -f "$LOG_DIR/camunda.log" "$LOG_DIR/camunda.log.1"
  # The debug exporter writes every record (incidents, job failures) to the broker log as JSON:
  # without Operate, it is how the tests see what the engine did.
  log "starting camunda $CAMUNDA_VERSION (JAVA_HOME=$JAVA_HOME_FOUND, data $run_dir)"
  start_bg camunda env \
    JAVA_HOME="$JAVA_HOME_FOUND" \
    JAVA_TOOL_OPTIONS="${CAMUNDA_JAVA_OPTIONS:--Xms256m -Xmx1g}" \
    ZEEBE_BROKER_NETWORK_HOST="$STACK_HOST" \
    ZEEBE_BROKER_GATEWAY_NETWORK_HOST="$STACK_HOST" \
    ZEEBE_BROKER_GATEWAY_NETWORK_PORT="$ZEEBE_GRPC_PORT" \
    ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT="$ZEEBE_COMMAND_PORT" \
    ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT="$ZEEBE_INTERNAL_PORT" \
    ZEEBE_BROKER_GATEWAY_ENABLE=true \
    SERVER_ADDRESS="$STACK_HOST" \
    SERVER_PORT="$ZEEBE_REST_PORT" \
    MANAGEMENT_SERVER_ADDRESS="$STACK_HOST" \
    MANAGEMENT_SERVER_PORT="$ZEEBE_MANAGEMENT_PORT" \
    ZEEBE_BROKER_DATA_DIRECTORY="$run_dir" \
    ZEEBE_BROKER_DATA_DISK_FREESPACE_PROCESSING=128MB \
    ZEEBE_BROKER_DATA_DISK_FREESPACE_REPLICATION=64MB \
    ZEEBE_BROKER_DATA_LOGSEGMENTSIZE=16MB \
    ZEEBE_BROKER_EXPERIMENTAL_RAFT_PREALLOCATESEGMENTFILES=false \
    CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI=true \
    CAMUNDA_SECURITY_AUTHORIZATIONS_ENABLED=false \
    SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE="${CAMUNDA_MAX_DOCUMENT_SIZE:-2GB}" \
    SPRING_SERVLET_MULTIPART_MAX_REQUEST_SIZE="${CAMUNDA_MAX_DOCUMENT_SIZE:-2GB}" \
    ZEEBE_BROKER_EXPORTERS_DEBUG_CLASSNAME=io.camunda.zeebe.broker.exporter.debug.DebugLogExporter \
    ZEEBE_BROKER_EXPORTERS_DEBUG_ARGS_LOGLEVEL=info \
    ZEEBE_BROKER_EXPORTERS_DEBUG_ARGS_PRETTYPRINT=false \
    "$CAMUNDA_HOME/bin/broker"
  camunda_started=$(date +%s)
fi

# --- MiniStack
ministack_started=""
if is_running ministack; then
  log "ministack already running (pid $(read_pid ministack))"
else
  require_free_port ministack "$MINISTACK_PORT"
  mkdir -p "$STACK_DIR/tmp/ministack"
  start_bg ministack env \
    BIND_HOST="$STACK_HOST" GATEWAY_PORT="$MINISTACK_PORT" \
    MINISTACK_REGION=us-east-1 \
    TMPDIR="$STACK_DIR/tmp/ministack" \
    "$VENV_DIR/bin/ministack"
  ministack_started=$(date +%s)
fi

# --- fault proxy (needs nothing from MiniStack to start; it connects per request)
proxy_started=""
if is_running fault-proxy; then
  log "fault-proxy already running (pid $(read_pid fault-proxy))"
else
  require_free_port fault-proxy "$FAULT_PROXY_PORT"
  start_bg fault-proxy env \
    FAULT_PROXY_HOST="$STACK_HOST" FAULT_PROXY_PORT="$FAULT_PROXY_PORT" \
    FAULT_PROXY_TARGET="$MINISTACK_URL" \
    "$TSX" "$REPO_ROOT/test/fakes/fault-proxy.ts"
  proxy_started=$(date +%s)
fi

# --- AWS AI stand-in (reads S3Object documents from MiniStack directly, not through the fault proxy)
aws_ai_started=""
if is_running aws-ai; then
  log "aws-ai already running (pid $(read_pid aws-ai))"
else
  require_free_port aws-ai "$AWS_AI_PORT"
  start_bg aws-ai env \
    AWS_AI_HOST="$STACK_HOST" AWS_AI_PORT="$AWS_AI_PORT" \
    AWS_AI_S3_ENDPOINT="$MINISTACK_URL" \
    "$TSX" "$REPO_ROOT/test/fakes/aws-ai/server.ts"
  aws_ai_started=$(date +%s)
fi

# --- readiness (cheap ones first; Camunda boots meanwhile)
wait_ready() { # NAME CHECK TIMEOUT STARTED_AT
  local name="$1" check="$2" timeout="$3" started="${4:-}" deadline
  deadline=$(( $(date +%s) + timeout ))
  until "$check"; do
    is_running "$name" || fail_start "$name" "process exited before it was ready"
    [ "$(date +%s)" -lt "$deadline" ] || fail_start "$name" "not ready within ${timeout}s"
    sleep 1
  done
  if [ -n "$started" ]; then log "$name ready after $(( $(date +%s) - started ))s"; else log "$name ready"; fi
}
wait_ready ministack ministack_healthy "$MINISTACK_START_TIMEOUT" "$ministack_started"
wait_ready fault-proxy proxy_healthy "$PROXY_START_TIMEOUT" "$proxy_started"
wait_ready aws-ai aws_ai_healthy "$PROXY_START_TIMEOUT" "$aws_ai_started"
wait_ready camunda camunda_healthy "$CAMUNDA_START_TIMEOUT" "$camunda_started"

write_endpoints
log "stack up in $(( $(date +%s) - t_start ))s; logs in $LOG_DIR"
sed -e '/^#/d' -e 's/^/[stack]   /' "$ENDPOINTS_ENV" >&2

#!/usr/bin/env bash
# Starts the local stack as background processes on 127.0.0.1 (no Docker):
#   engine      the project's own workflow engine (engine/src/main.ts, run with tsx): Zeebe gRPC
#               gateway protocol on :26500, Camunda 8 REST API v2 on :8080; its journal lives in
#               .stack/data/engine and is kept across starts (--fresh empties it);
#               scripts/stack/restart-engine.sh restarts (or starts) the engine alone on it
#   ministack   AWS emulator (S3, Lambda, ...) on :4566
#   fault-proxy test/fakes/fault-proxy.ts on :4567 in front of MiniStack (control: /_fault)
#   aws-ai      test/fakes/aws-ai/server.ts on :4570, stand-in for the AWS AI services (Textract, Comprehend, Rekognition),
#               reading S3 documents from MiniStack (control: /_control, see its README.md)
# Waits for each to be ready, then writes .stack/endpoints.env and .stack/endpoints.json.
# Already-running healthy components are kept; exits 0 at once if all are.
#
# Usage: start.sh [--without-engine] [--fresh]
#   --without-engine  only the AWS stand-ins (MiniStack, fault proxy, AI stand-in): for running the tests
#                     against your own Camunda 8 cluster (ZEEBE_GRPC_ADDRESS, ... set in the environment);
#                     the endpoints files then name no engine unless the stack's engine already runs.
#   --fresh           an engine that is not running starts on an empty journal (its deployments and
#                     instances are deleted); without it the engine starts from its journal. A running
#                     engine is never touched.
# Env: ENGINE_START_TIMEOUT (30), MINISTACK_START_TIMEOUT (60), PROXY_START_TIMEOUT (60), port overrides
#      ENGINE_GRPC_PORT, ENGINE_REST_PORT, MINISTACK_PORT, FAULT_PROXY_PORT, AWS_AI_PORT (see lib.sh);
#      endpoints files always reflect the ports in use.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$REPO_ROOT"

WITH_ENGINE=true
FRESH=false
for arg in "$@"; do
  case "$arg" in
    --without-engine) WITH_ENGINE=false ;;
    --fresh) FRESH=true ;;
    *) die "unknown argument: $arg (usage: start.sh [--without-engine] [--fresh])" ;;
  esac
done

MINISTACK_START_TIMEOUT="${MINISTACK_START_TIMEOUT:-60}"
PROXY_START_TIMEOUT="${PROXY_START_TIMEOUT:-60}"

MINISTACK_URL="http://$STACK_HOST:$MINISTACK_PORT"
PROXY_URL="http://$STACK_HOST:$FAULT_PROXY_PORT"
AWS_AI_URL="http://$STACK_HOST:$AWS_AI_PORT"

# ------------------------------------------------------------ health -------
ministack_healthy() { http_ok "$MINISTACK_URL/_ministack/ready"; }
proxy_healthy()     { http_ok "$PROXY_URL/_fault"; }
aws_ai_healthy()    { http_ok "$AWS_AI_URL/_control/health"; }

component_up() { is_running "$1" && "$2"; }

COMPONENTS=(ministack:ministack_healthy fault-proxy:proxy_healthy aws-ai:aws_ai_healthy)
if [ "$WITH_ENGINE" = true ]; then COMPONENTS=(engine:engine_healthy "${COMPONENTS[@]}"); fi

write_endpoints() {
  local tmp="$ENDPOINTS_ENV.tmp" engine_lines=""
  # The engine's addresses only when the stack's own engine runs: without it, the tests need the
  # user's cluster in ZEEBE_GRPC_ADDRESS, ... and must not fall back to an address nobody serves.
  if is_running engine; then
    engine_lines="ZEEBE_GRPC_ADDRESS=grpc://$STACK_HOST:$ENGINE_GRPC_PORT
ZEEBE_REST_ADDRESS=http://$STACK_HOST:$ENGINE_REST_PORT
CAMUNDA_AUTH_STRATEGY=NONE
ENGINE_DATA_DIR=$ENGINE_DATA_DIR"
  fi
  cat > "$tmp" <<ENV
# Written by scripts/stack/start.sh at $(date -Is); removed by scripts/stack/stop.sh.
# The worker's own settings: set -a; . .stack/endpoints.env; set +a; npx zeebe-aws-connectors
${engine_lines}
AWS_REGION=us-east-1
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
AWS_ENDPOINT_URL_S3=http://$STACK_HOST:$MINISTACK_PORT
AWS_ENDPOINT_URL_LAMBDA=http://$STACK_HOST:$MINISTACK_PORT
AWS_ENDPOINT_URL_SECRETS_MANAGER=http://$STACK_HOST:$MINISTACK_PORT
AWS_ENDPOINT_URL_DYNAMODB=http://$STACK_HOST:$MINISTACK_PORT
AWS_ENDPOINT_URL_SQS=http://$STACK_HOST:$MINISTACK_PORT
AWS_ENDPOINT_URL_SNS=http://$STACK_HOST:$MINISTACK_PORT
AWS_ENDPOINT_URL_EVENTBRIDGE=http://$STACK_HOST:$MINISTACK_PORT
AWS_ENDPOINT_URL_TEXTRACT=http://$STACK_HOST:$AWS_AI_PORT
AWS_ENDPOINT_URL_COMPREHEND=http://$STACK_HOST:$AWS_AI_PORT
AWS_ENDPOINT_URL_REKOGNITION=http://$STACK_HOST:$AWS_AI_PORT
AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME=http://$STACK_HOST:$AWS_AI_PORT
AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://$STACK_HOST:$MINISTACK_PORT
AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME=http://$STACK_HOST:$MINISTACK_PORT
# For the tests and the demo: MiniStack, the fault proxy in front of it, the AI stand-in and their controls.
AWS_ENDPOINT_URL_S3_EMULATOR=http://$STACK_HOST:$MINISTACK_PORT
S3_ENDPOINT=http://$STACK_HOST:$FAULT_PROXY_PORT
FAULT_PROXY_CONTROL=http://$STACK_HOST:$FAULT_PROXY_PORT/_fault
AWS_AI_ENDPOINT=http://$STACK_HOST:$AWS_AI_PORT
AWS_AI_CONTROL=http://$STACK_HOST:$AWS_AI_PORT/_control
ENV
  sed -i '/^$/d' "$tmp"
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

# ------------------------------------------------------------ main ---------
t_start=$(date +%s)
ensure_dirs

all_up=true
for c in "${COMPONENTS[@]}"; do component_up "${c%%:*}" "${c#*:}" || { all_up=false; break; }; done
if [ "$all_up" = true ]; then
  running=""
  for c in "${COMPONENTS[@]}"; do running="${running:+$running, }${c%%:*} pid $(read_pid "${c%%:*}")"; done
  log "stack already running and healthy ($running); endpoints in $ENDPOINTS_ENV"
  # Rewritten when missing, and when an earlier --without-engine start wrote none of the engine's lines.
  if [ ! -f "$ENDPOINTS_JSON" ] || { is_running engine && ! grep -q '^ZEEBE_GRPC_ADDRESS=' "$ENDPOINTS_ENV" 2>/dev/null; }; then
    write_endpoints
  fi
  exit 0
fi

if ! stack_installed; then
  log "stack not installed yet; running install.sh"
  bash "$STACK_LIB_DIR/install.sh"
fi
[ -x "$TSX" ] || die "$TSX not found: run 'npm ci' first"

# A component whose process is alive but unhealthy is restarted.
for c in "${COMPONENTS[@]}"; do
  name="${c%%:*}"; check="${c#*:}"
  if is_running "$name" && ! "$check"; then
    log "$name is running but not healthy; restarting it"
    stop_by_pid "$name"
  fi
done

# --- engine (on its journal; emptied only with --fresh)
engine_started=""
if [ "$WITH_ENGINE" = true ]; then
  if is_running engine; then
    log "engine already running (pid $(read_pid engine))"
  else
    if [ "$FRESH" = true ]; then
      log "--fresh: emptying the engine's journal ($ENGINE_DATA_DIR)"
      rm -rf "$ENGINE_DATA_DIR"
    fi
    log "starting the engine (data $ENGINE_DATA_DIR, gRPC :$ENGINE_GRPC_PORT, REST :$ENGINE_REST_PORT)"
    start_engine
    engine_started=$(date +%s)
  fi
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

# --- readiness
if [ "$WITH_ENGINE" = true ]; then wait_ready engine engine_healthy "$ENGINE_START_TIMEOUT" "$engine_started"; fi
wait_ready ministack ministack_healthy "$MINISTACK_START_TIMEOUT" "$ministack_started"
wait_ready fault-proxy proxy_healthy "$PROXY_START_TIMEOUT" "$proxy_started"
wait_ready aws-ai aws_ai_healthy "$PROXY_START_TIMEOUT" "$aws_ai_started"

write_endpoints
log "stack up in $(( $(date +%s) - t_start ))s; logs in $LOG_DIR"
sed -e '/^#/d' -e 's/^/[stack]   /' "$ENDPOINTS_ENV" >&2

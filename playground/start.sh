#!/usr/bin/env bash
# npm run playground: installs and bundles the playground (playground/, a package of its own), brings the local
# stack up, starts the worker on it (the deployment's credentials are the emulator's; S3 and Lambda on MiniStack,
# Textract, Comprehend and Rekognition on the AI stand-in; DynamoDB, SQS and EventBridge on MiniStack), makes the
# bucket `playground` and what examples/order-events.bpmn needs, and serves the page on
# 127.0.0.1:${PLAYGROUND_PORT:-8900} until Ctrl-C. Stops what it started (PLAYGROUND_KEEP_STACK=1 keeps the stack).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/stack/lib.sh

[ -d node_modules ] || npm ci --no-audit --no-fund
[ -d playground/node_modules ] || npm --prefix playground ci --no-audit --no-fund
node playground/build.mjs

stack_was_running=false
is_running engine && is_running ministack && stack_was_running=true
bash scripts/stack/start.sh
set -a; source .stack/endpoints.env; set +a

worker_port="${PLAYGROUND_WORKER_PORT:-9402}"
worker="playground-worker-$worker_port"   # one per playground: several may run on one stack
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill -TERM "$server_pid" 2>/dev/null || true
  stop_by_pid "$worker" || true
  if [ "$stack_was_running" = false ] && [ "${PLAYGROUND_KEEP_STACK:-0}" != 1 ]; then bash scripts/stack/stop.sh; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
start_bg "$worker" env AWS_ENDPOINT_URL_S3="$S3_ENDPOINT" AWS_ENDPOINT_URL_LAMBDA="$S3_ENDPOINT" \
  AWS_ENDPOINT_URL_REKOGNITION="$AWS_AI_ENDPOINT" AWS_ENDPOINT_URL_COMPREHEND="$AWS_AI_ENDPOINT" \
  AWS_ENDPOINT_URL_TEXTRACT="$AWS_AI_ENDPOINT" HTTP_PORT="$worker_port" LOG_LEVEL=info \
  node --require tsx/cjs worker/cli/index.ts
wait_for_url "http://127.0.0.1:$worker_port/ready" 120 || { tail_log "$worker" 40; exit 1; }
log "worker ready (log: $LOG_DIR/$worker.log)"

# A bucket to try the S3 template on (MiniStack takes unsigned requests; creating it again is harmless).
curl -fsS -o /dev/null -X PUT "$AWS_ENDPOINT_URL_S3_EMULATOR/playground"
# The table, queue and bus (with its rule to the queue) that examples/order-events.variables.json names; kept when they exist.
AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true node_modules/.bin/tsx -e "require('./test/integration/order-events')
  .prepareOrderEvents({ table: 'orders', queue: 'orders', bus: 'orders' }).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })"

node playground/server/main.mjs &
server_pid=$!
wait "$server_pid"

#!/usr/bin/env bash
# The demo: brings the local stack up (the project's engine, MiniStack, the fault proxy and the AWS AI stand-in), starts the worker, runs the examples (examples/*.bpmn: S3, DynamoDB, SQS, EventBridge and Bedrock on the
# emulator, Rekognition, Comprehend and Textract on the AI stand-in) and prints one line per process saying what it did, then whether the demo passed. Stops what it started (DEMO_KEEP_STACK=1 keeps the stack).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/stack/lib.sh

[ -d node_modules ] || npm install --no-audit --no-fund
stack_was_running=false
is_running engine && is_running ministack && stack_was_running=true
bash scripts/stack/start.sh --fresh
# Only what changed is compiled: the engine by start.sh, the worker here.
bash scripts/build-worker.sh
# The AWS SDK's Node 20 warning (the README says which Node versions are tested) is not part of the demo.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

set -a; source .stack/endpoints.env; set +a
worker_log="$LOG_DIR/demo-worker.log"
# The worker's settings are the stack's, from .stack/endpoints.env: the emulator's credentials, MiniStack for S3 and
# Bedrock, DynamoDB, SQS and EventBridge, the AI stand-in for Textract, Rekognition and Comprehend.
start_bg demo-worker env HTTP_PORT="${DEMO_WORKER_PORT:-9401}" LOG_LEVEL=info bin/zeebe-aws-connectors.js
cleanup() {
  stop_by_pid demo-worker || true
  if [ "$stack_was_running" = false ] && [ "${DEMO_KEEP_STACK:-0}" != 1 ]; then bash scripts/stack/stop.sh; fi
}
trap cleanup EXIT
wait_for_url "http://127.0.0.1:${DEMO_WORKER_PORT:-9401}/ready" 60 || { tail -n 40 "$worker_log"; exit 1; }
echo "worker ready (its log: $worker_log)"
node_modules/.bin/tsx scripts/demo.ts

#!/usr/bin/env bash
# The demo: brings the local stack up (the project's engine, MiniStack, the fault proxy and the AWS AI stand-in), starts the worker, runs the examples (examples/*.bpmn: S3 on the
# emulator, Rekognition and Comprehend on the AI stand-in) and prints their variables and the time they took. Stops what it started (DEMO_KEEP_STACK=1 keeps the stack).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/stack/lib.sh

[ -d node_modules ] || npm install --no-audit --no-fund
stack_was_running=false
is_running engine && is_running ministack && stack_was_running=true
bash scripts/stack/start.sh --fresh
npm run build --silent

set -a; source .stack/endpoints.env; set +a
worker_log="$LOG_DIR/demo-worker.log"
# The demo uses the deployment's credentials (the emulator's), its S3 endpoint and the AI stand-in.
start_bg demo-worker env AWS_ENDPOINT_URL_S3="$S3_ENDPOINT" AWS_ENDPOINT_URL_REKOGNITION="$AWS_AI_ENDPOINT" \
  AWS_ENDPOINT_URL_COMPREHEND="$AWS_AI_ENDPOINT" AWS_ENDPOINT_URL_TEXTRACT="$AWS_AI_ENDPOINT" HTTP_PORT="${DEMO_WORKER_PORT:-9401}" \
  LOG_LEVEL=info bin/zeebe-aws-connectors.js
cleanup() {
  stop_by_pid demo-worker || true
  if [ "$stack_was_running" = false ] && [ "${DEMO_KEEP_STACK:-0}" != 1 ]; then bash scripts/stack/stop.sh; fi
}
trap cleanup EXIT
wait_for_url "http://127.0.0.1:${DEMO_WORKER_PORT:-9401}/ready" 60 || { tail -n 40 "$worker_log"; exit 1; }
echo "worker ready (log: $worker_log)"
node_modules/.bin/tsx scripts/demo.ts

#!/usr/bin/env bash
# npm run local: the local stack (the project's engine, MiniStack, the fault proxy, the AWS AI stand-in) and a
# worker wired to it, in the foreground. Prints what Camunda Desktop Modeler and curl need to deploy and run your
# own model. Ctrl-C (or SIGTERM) drains and stops the worker; the stack keeps running until `npm run stack:stop`.
# docs/local-development.md walks through it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/stack/lib.sh

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/stack/start.sh
bash scripts/build-worker.sh

set -a; source "$ENDPOINTS_ENV"; set +a
export HTTP_PORT="${HTTP_PORT:-9400}"
cat <<INFO

Local stack up. Deploy and run your own model:
  Camunda Desktop Modeler  Deploy (rocket) > Camunda 8 Self-Managed
                           Cluster endpoint: http://localhost:$ENGINE_GRPC_PORT   Authentication: None
  Element templates        node bin/zeebe-aws-connectors.js templates <Modeler's resources/element-templates folder>
  REST API (curl)          $ZEEBE_REST_ADDRESS/v2/...   (docs/local-development.md has the commands)
  AWS emulator             $AWS_ENDPOINT_URL_S3  (S3, Lambda, Secrets Manager, DynamoDB, SQS, SNS, EventBridge; key test/test, region $AWS_REGION)
  AWS AI stand-in          $AWS_ENDPOINT_URL_TEXTRACT  (Textract, Comprehend, Rekognition)
  Another shell            set -a; . .stack/endpoints.env; set +a   (the worker's settings for this stack)
  Worker                   http://127.0.0.1:$HTTP_PORT/ready, logs below; Ctrl-C stops it, npm run stack:stop the stack

INFO
exec node --max-semi-space-size=1 bin/zeebe-aws-connectors.js

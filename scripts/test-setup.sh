#!/usr/bin/env bash
# Runs before `npm test`: installs the Node packages on a fresh clone and starts the local stack if it
# is not running (the integration tests need it; they fail, never skip, without it).
# With ZEEBE_GRPC_ADDRESS set in the environment the tests run against that Camunda 8 cluster (see README,
# "Running the tests against your own Camunda 8 cluster"): the local engine is then not started, only the
# AWS stand-ins (MiniStack, fault proxy, AWS AI stand-in), which the tests always use.
# With STACK=containers the engine and MiniStack run in containers instead (test/stack/containers.ts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# npm ci installs exactly the committed lock file and never rewrites it (npm install may).
[ -d node_modules ] || npm ci --no-audit --no-fund
case "${STACK:-}" in
  ''|processes) ;;
  containers)
    # Jest's global setup starts the engine and MiniStack in containers (test/stack/containers.ts); here only
    # the fast check that a container runtime answers, so that a missing Docker engine fails before the typecheck.
    echo "[test-setup] STACK=containers: the stack starts in containers from jest's global setup" >&2
    exec node_modules/.bin/tsx test/stack/containers.ts check ;;
  *) echo "[test-setup] ERROR: STACK=$STACK is not a stack: leave STACK unset (process stack) or set STACK=containers" >&2; exit 1 ;;
esac
if [ -n "${ZEEBE_GRPC_ADDRESS:-}" ]; then
  echo "[test-setup] ZEEBE_GRPC_ADDRESS=$ZEEBE_GRPC_ADDRESS is set: testing against that cluster; starting only the AWS stand-ins" >&2
  bash scripts/stack/start.sh --without-engine
else
  bash scripts/stack/start.sh --fresh
fi

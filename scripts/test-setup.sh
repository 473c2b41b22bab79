#!/usr/bin/env bash
# Runs before `npm test`: installs the Node packages on a fresh clone and starts the local stack if it
# is not running (the integration tests need it; they fail, never skip, without it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d node_modules ] || npm install --no-audit --no-fund
bash scripts/stack/start.sh

#!/usr/bin/env bash
# Compiles the worker into dist/worker when a source is newer than the build, else does nothing (what
# `npm run local`, the demo and the tests that run the command use; `npm run build` always compiles).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
built=dist/worker/cli/index.js
if [ -f "$built" ] && [ -z "$(find worker tsconfig.json tsconfig.build.json package.json -newer "$built" -print -quit)" ]; then
  exit 0
fi
echo "[build] compiling the worker into dist/worker (worker/ changed)" >&2
node_modules/.bin/tsc -p tsconfig.build.json
# tsc leaves a file it did not need to rewrite as it was: the entry point dates the build.
touch "$built"

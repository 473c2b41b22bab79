#!/usr/bin/env bash
# Installs the local stack's one external piece into .stack/ (git-ignored). Idempotent: re-running only checks.
#   - Python venv .stack/venv with ministack==$MINISTACK_VERSION (reuses the pip cache)
# The engine (engine/), the fault proxy and the AWS AI stand-in are this repository's TypeScript,
# run with tsx from node_modules (`npm ci`): nothing to install for them.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

mkdir -p "$STACK_DIR"
t0=$(date +%s)

# ------------------------------------------------------------- venv --------
PYTHON="${PYTHON:-$(command -v python3 || true)}"
[ -n "$PYTHON" ] || die "python3 not found (needed for the MiniStack venv)"
if [ ! -x "$VENV_DIR/bin/python" ]; then
  log "creating venv $VENV_DIR ($("$PYTHON" --version 2>&1))"
  "$PYTHON" -m venv "$VENV_DIR" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
fi
if ministack_installed; then
  log "ministack $MINISTACK_VERSION already installed in $VENV_DIR"
else
  log "installing ministack==$MINISTACK_VERSION into $VENV_DIR"
  "$VENV_DIR/bin/python" -m pip install --disable-pip-version-check -q "ministack==$MINISTACK_VERSION"
  ministack_installed || die "ministack $MINISTACK_VERSION did not install"
fi

log "install complete in $(( $(date +%s) - t0 ))s: ministack $MINISTACK_VERSION"

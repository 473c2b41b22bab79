#!/usr/bin/env bash
# Licence guard (npm run licences): lists the licence of every installed npm package (production and
# development, this project included, and the playground's, a package of its own in playground/) and of every
# Python package in the stack's venv, and exits 1 if any licence is not OSI-approved and not accepted in
# scripts/licences/exceptions.json.
#   npm side:    license-checker-rseidelsohn (devDependency) over node_modules and playground/node_modules
#   Python side: pip-licenses, installed into .stack/venv; it and what only it needs (plus pip and
#                setuptools) are tooling and left out of the verdict (tooling.py names them)
# Needs `npm install`, `npm --prefix playground ci` and `bash scripts/stack/install.sh` first (CI runs them before this).
set -euo pipefail
LICENCES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$LICENCES_DIR/../stack/lib.sh"   # REPO_ROOT, VENV_DIR, MINISTACK_VERSION, ministack_installed
cd "$REPO_ROOT"

PIP_LICENSES_VERSION=5.5.5

say()  { printf '[licences] %s\n' "$*"; }
fail() { printf '[licences] ERROR: %s\n' "$*" >&2; exit 2; }

CHECKER="node_modules/.bin/license-checker-rseidelsohn"
[ -x "$CHECKER" ] && [ -x node_modules/.bin/tsx ] ||
  fail "node_modules lacks license-checker-rseidelsohn or tsx: run npm install first"
[ -d playground/node_modules ] ||
  fail "playground/node_modules is missing: run npm --prefix playground ci first"
ministack_installed ||
  fail "no ministack $MINISTACK_VERSION in the stack venv $VENV_DIR: run bash scripts/stack/install.sh first"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# ------------------------------------------------------------------ npm ------
checker_version="$(node -p 'require("license-checker-rseidelsohn/package.json").version')"
say "npm: license-checker-rseidelsohn $checker_version over all of node_modules (production + development)"
"$CHECKER" --start "$REPO_ROOT" --json --out "$WORK/npm.json" >/dev/null
say "npm: the same over playground/node_modules (the playground, never published)"
"$CHECKER" --start "$REPO_ROOT/playground" --json --out "$WORK/npm-playground.json" >/dev/null

# ------------------------------------------------------------------ python ---
PY="$VENV_DIR/bin/python"
if [ "$("$PY" -c 'import importlib.metadata as m; print(m.version("pip-licenses"))' 2>/dev/null)" != "$PIP_LICENSES_VERSION" ]; then
  say "installing pip-licenses==$PIP_LICENSES_VERSION into $VENV_DIR"
  "$PY" -m pip install --disable-pip-version-check -q "pip-licenses==$PIP_LICENSES_VERSION"
fi
mapfile -t tooling < <("$PY" "$LICENCES_DIR/tooling.py")
say "python: pip-licenses $PIP_LICENSES_VERSION over $VENV_DIR (ministack $MINISTACK_VERSION and what it needs)"
say "python: tooling, not stack, so left out of the verdict: ${tooling[*]:-(none)}"
ignore=()
[ "${#tooling[@]}" -eq 0 ] || ignore=(--ignore-packages "${tooling[@]}")
# --with-system: pip-licenses would otherwise hide its own fixed list of packages; tooling.py decides.
"$PY" -m piplicenses --format=json --from=mixed --with-system "${ignore[@]}" >"$WORK/python.json"

# ------------------------------------------------------------------ verdict --
node_modules/.bin/tsx "$LICENCES_DIR/report.ts" \
  --npm "$WORK/npm.json" --npm "$WORK/npm-playground.json" --python "$WORK/python.json" --exceptions "$LICENCES_DIR/exceptions.json"

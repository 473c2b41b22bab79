#!/usr/bin/env bash
# Validates the Kubernetes example (docker/k8s/*.yaml) against the Kubernetes API schemas, strictly (unknown
# fields are errors), with kubernetes-validate from PyPI (Apache-2.0; it ships the schemas, so no download
# at run time). Installed once into the git-ignored .stack/k8s-venv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
VERSION=1.37.0
venv=.stack/k8s-venv
if [ ! -x "$venv/bin/kubernetes-validate" ] || [ "$("$venv/bin/kubernetes-validate" --version)" != "$VERSION" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "kubernetes-validate==$VERSION"
fi
"$venv/bin/kubernetes-validate" --strict --kubernetes-version "${KUBERNETES_VERSION:-1.37.0}" docker/k8s/*.yaml

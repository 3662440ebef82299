#!/usr/bin/env bash
# Installs the pinned MLflow server (scripts/mlflow-requirements.txt, every package pinned) into a
# virtualenv, once, and prints the path of its `mlflow` command. The tests and scripts/mlflow-server.sh
# use it. GAN_MLFLOW_VENV chooses the virtualenv's folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/mlflow-requirements.txt"
version="$(grep '^mlflow==' "$requirements" | cut -d= -f3)"
venv="${GAN_MLFLOW_VENV:-$HOME/.cache/gan-lab/mlflow-$version}"
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/mlflow" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "installing MLflow $version into $venv ..." >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
  echo "$wanted" > "$stamp"
fi
echo "$venv/bin/mlflow"

#!/usr/bin/env bash
# Starts a local MLflow tracking server on http://127.0.0.1:5000 (installing it first if needed),
# keeping its runs and artifacts in ./mlflow-data. Stop it with Ctrl-C.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mlflow="$("$here/install-mlflow.sh")"
data="${GAN_MLFLOW_DATA:-$PWD/mlflow-data}"
mkdir -p "$data"
exec "$mlflow" server --host 127.0.0.1 --port "${GAN_MLFLOW_PORT:-5000}" \
  --backend-store-uri "sqlite:///$data/mlflow.db" --artifacts-destination "$data/artifacts"

#!/usr/bin/env bash
# Builds the Docker image gan-lab/mlflow:<pinned version> for the Testcontainers run of the MLflow
# tests, without pulling from any image registry, and prints its name:
#   1. a Debian root file system from this machine's own package sources (mmdebstrap), imported as
#      the base image gan-lab/debian-python:bookworm;
#   2. wheels for scripts/mlflow-requirements.txt (the pip path's pinned file) made on this machine;
#   3. docker build with no network: a virtualenv installed from those wheels only (--no-index).
# Skips what exists (the base; the MLflow image when built from the same requirements file);
# GAN_MLFLOW_IMAGE_REBUILD=1 rebuilds the MLflow image.
#   scripts/mlflow-image.sh install   also installs Debian's docker.io and mmdebstrap and starts
#                                     dockerd when none answers (as root)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/mlflow-requirements.txt"
version="$(grep '^mlflow==' "$requirements" | cut -d= -f3)"
image="gan-lab/mlflow:$version"
base="gan-lab/debian-python:bookworm"
say() { echo "mlflow-image: $*" >&2; }

if [ "${1:-}" = install ]; then
  if ! command -v dockerd >/dev/null || ! command -v mmdebstrap >/dev/null; then
    [ "$(id -u)" -eq 0 ] || { say "installing docker.io and mmdebstrap needs root"; exit 1; }
    say "installing Debian's docker.io and mmdebstrap ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io mmdebstrap >/tmp/gan-lab-docker-apt.log 2>&1 \
      || { say "apt-get install failed; see /tmp/gan-lab-docker-apt.log"; exit 1; }
  fi
  if ! docker info >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || { say "starting dockerd needs root"; exit 1; }
    say "starting dockerd (log: /tmp/gan-lab-dockerd.log) ..."
    nohup dockerd >/tmp/gan-lab-dockerd.log 2>&1 &
    echo $! >/tmp/gan-lab-dockerd.pid # for whoever started it to stop it
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
    docker info >/dev/null 2>&1 || { say "dockerd did not start; see /tmp/gan-lab-dockerd.log"; exit 1; }
  fi
fi

command -v docker >/dev/null || { say "no docker command (run: $0 install)"; exit 1; }
docker info >/dev/null 2>&1 || { say "no Docker engine answers (run: $0 install)"; exit 1; }
# The image carries the requirements file's hash: a changed pin rebuilds it, as it reinstalls the pip path.
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
built="$(docker image inspect -f '{{index .Config.Labels "gan-lab.requirements.sha256"}}' "$image" 2>/dev/null || true)"
if [ "$built" = "$wanted" ] && [ -z "${GAN_MLFLOW_IMAGE_REBUILD:-}" ]; then
  echo "$image"
  exit 0
fi

old="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! docker image inspect "$base" >/dev/null 2>&1; then
  command -v mmdebstrap >/dev/null || { say "no mmdebstrap (run: $0 install)"; exit 1; }
  say "building $base from this machine's Debian package sources ..."
  mmdebstrap --quiet --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$work/rootfs.tar"
  docker import "$work/rootfs.tar" "$base" >/dev/null
  rm -f "$work/rootfs.tar"
fi

# Wheels for the image's Python (the base's python3), made here: downloaded where a wheel exists,
# built where only a source archive does.
py="$(docker run --rm --network none "$base" python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
host_py="$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
[ "$py" = "$host_py" ] || { say "the image has Python $py and this machine $host_py; wheels must match"; exit 1; }
say "making wheels for MLflow $version ..."
mkdir -p "$work/wheels"
python3 -m pip wheel --quiet --disable-pip-version-check -r "$requirements" -w "$work/wheels" >&2
cp "$requirements" "$work/requirements.txt"
cat >"$work/Dockerfile" <<EOF
FROM $base
COPY requirements.txt /tmp/requirements.txt
COPY wheels /tmp/wheels
RUN python3 -m venv /opt/mlflow \\
 && /opt/mlflow/bin/pip install --quiet --no-index --find-links /tmp/wheels -r /tmp/requirements.txt \\
 && rm -rf /tmp/wheels /root/.cache
ENV PATH=/opt/mlflow/bin:\$PATH
LABEL gan-lab.requirements.sha256=$wanted
EXPOSE 5000
CMD ["mlflow", "server", "--host", "0.0.0.0", "--port", "5000", "--backend-store-uri", "sqlite:////tmp/mlflow.db", \\
     "--artifacts-destination", "/tmp/artifacts", "--workers", "1", "--allowed-hosts", "*"]
EOF
say "docker build $image (no network) ..."
# The classic builder: BuildKit's frontend image would have to be pulled.
DOCKER_BUILDKIT=0 docker build --quiet --network none -t "$image" "$work" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; say "docker build failed"; exit 1; }
new="$(docker image inspect -f '{{.Id}}' "$image")"
if [ -n "$old" ] && [ "$old" != "$new" ]; then
  docker rmi "$old" >/dev/null 2>&1 || true # the image this one replaces
fi
echo "$image"

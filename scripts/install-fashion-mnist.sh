#!/usr/bin/env bash
# Fashion-MNIST for the image experiments and their tests: Debian's package dataset-fashion-mnist puts
# Zalando's four IDX files (gzip) under /usr/share/datasets/fashion-mnist. As root; nothing to do when
# they are there. Prints the folder (what --data takes; it is also the default).
#
#   sudo scripts/install-fashion-mnist.sh
set -euo pipefail
dir=/usr/share/datasets/fashion-mnist
if [ ! -f "$dir/train-images-idx3-ubyte.gz" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-fashion-mnist.sh: installing Debian's dataset-fashion-mnist needs root (sudo)" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q dataset-fashion-mnist >&2 || { apt-get update -q >&2 && apt-get install -y -q dataset-fashion-mnist >&2; }
fi
echo "$dir"

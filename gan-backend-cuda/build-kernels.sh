#!/usr/bin/env bash
# Compiles src/main/cuda/*.cu into the fatbins the backend loads (committed under src/main/resources),
# and writes kernels.sha256 beside them: the checksums of every kernel source and fatbin, which
# FatbinChecksumTest compares with the sources so a kernel edit without a rebuild fails the build.
#
#   gan-backend-cuda/build-kernels.sh          uses $NVCC, else nvcc on PATH, else installs the pinned
#                                              nvcc 13.0 from the Python package index into
#                                              ~/.cache/gan-lab/nvcc-13.0.88 (no GPU needed)
#
# Each fatbin holds SASS for sm_90 (H100/H200) and sm_80 (A100), which load without JIT, and PTX for
# compute_75, which newer and other GPUs compile when they load it (PTX ISA 9.0: driver 580 or later).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/src/main/cuda"
out="$here/src/main/resources/org/ganlab/backend/cuda"
version=13.0.88

find_nvcc() {
  if [[ -n "${NVCC:-}" ]]; then echo "$NVCC"; return; fi
  if command -v nvcc >/dev/null; then command -v nvcc; return; fi
  local venv="$HOME/.cache/gan-lab/nvcc-$version"
  local nvcc="$venv/lib/python3*/site-packages/nvidia/cu13/bin/nvcc"
  # shellcheck disable=SC2086
  if ! ls $nvcc >/dev/null 2>&1; then
    echo "installing nvcc $version into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "nvidia-cuda-nvcc==$version" "nvidia-cuda-crt==$version" "nvidia-nvvm==$version" \
      "nvidia-cuda-runtime==13.0.96" >&2
  fi
  # shellcheck disable=SC2086
  ls $nvcc
}

nvcc="$(find_nvcc)"
flags=(-fatbin -O3 -std=c++17
  -gencode arch=compute_90,code=sm_90
  -gencode arch=compute_80,code=sm_80
  -gencode arch=compute_75,code=compute_75)
mkdir -p "$out"
for cu in "$src"/*.cu; do
  name="$(basename "$cu" .cu)"
  "$nvcc" "${flags[@]}" -I"$src" -o "$out/$name.fatbin" "$cu"
  echo "built $name.fatbin ($(stat -c %s "$out/$name.fatbin") bytes)" >&2
done

{
  echo "# $("$nvcc" --version | tail -1)"
  echo "# flags: ${flags[*]}"
  (cd "$here" && sha256sum src/main/cuda/* | sort -k2)
  (cd "$out" && sha256sum ./*.fatbin | sed 's|  \./|  fatbin/|' | sort -k2)
} >"$out/kernels.sha256"
echo "wrote $out/kernels.sha256" >&2

#!/usr/bin/env bash
# The Fashion-MNIST mode-collapse study: fashion-mlp at its defaults (batch 1, Adam 1e-4, 60,000
# steps: one epoch) and at batch 64 (Adam 2e-4, 4,690 steps: five epochs), no trick against the
# stabilisers that apply, SEEDS seeds a cell (default 5), then one table:
# docs/results/fashion-study.md. Rerunning resumes. Extra arguments go to every sweep, e.g.
# `docs/fashion/study.sh sweeps/try --steps 500` for a quick look. GAN runs another launcher.
#
#   SEEDS=10 docs/fashion/study.sh [SWEEP_FOLDER] [FLAGS...]
set -euo pipefail
cd "$(dirname "$0")/../.."
gan="${GAN:-./gan}"
out="${1:-sweeps/fashion-study}"
shift || true
seeds="${SEEDS:-5}"
tricks=trick=none,label-smoothing,instance-noise,r1,ema,weight-noise
# Seed by seed (shard k of SEEDS is seed k+1 of every cell), alternating the settings: stopped at any
# point, every cell has about as many seeds as the others, and each sweep.csv reports what is done.
for ((k = 0; k < seeds; k++)); do
  for setting in batch1 batch64; do
    if [ "$setting" = batch1 ]; then
      size=(--batch 1); packed=(--batch 2)
    else
      size=(--batch 64 --lr 2e-4 --steps 4690); packed=(--batch 128 --lr 2e-4 --steps 4690)
    fi
    common=(--seeds "$seeds" --shard "$k/$seeds" --quiet "$@")
    $gan sweep fashion-mlp "${common[@]}" "${size[@]}" --out "$out/$setting/1-tricks" --grid "$tricks"
    # PacGAN keeps D's batch: m·B images a step, B packed inputs.
    $gan sweep fashion-mlp "${common[@]}" "${packed[@]}" --out "$out/$setting/2-packing" --grid trick=packing:m=2
  done
done
mkdir -p docs/results
python3 docs/fashion/table.py "$out"/*/*/ > docs/results/fashion-study.md
echo "wrote docs/results/fashion-study.md"

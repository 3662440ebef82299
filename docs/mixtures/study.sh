#!/usr/bin/env bash
# The mixtures-of-Gaussians study: ring and grid, each at the default learning rates and at a
# faster D (lr-d 4e-4, lr-g 1e-4), over the standard stabilisers, SEEDS seeds a cell (default 10),
# then one table: docs/results/mixtures-study.md. A full run is long (about 25 s a run on one core
# of the build machine, 10,000 steps each); rerunning resumes. Extra arguments go to every sweep,
# e.g. `docs/mixtures/study.sh sweeps/try --steps 200` for a quick look.
#
#   SEEDS=20 docs/mixtures/study.sh [SWEEP_FOLDER] [FLAGS...]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-sweeps/mixtures-study}"
shift || true
seeds="${SEEDS:-10}"
for problem in ring grid; do
  for speed in default faster; do
    lr=()
    [ "$speed" = faster ] && lr=(--lr-d 4e-4 --lr-g 1e-4)
    common=(--seeds "$seeds" --quiet "${lr[@]}" "$@")
    dir="$out/$problem-$speed"
    # One grid cannot mix losses or batch sizes: each of those is its own sweep.
    ./gan sweep "$problem" "${common[@]}" --out "$dir/1-bce" --grid \
      trick=none,r1:gamma=0.1,r1:gamma=1,instance-noise:sigma=0.1,ema,weight-noise,label-smoothing
    ./gan sweep "$problem" "${common[@]}" --out "$dir/2-wgan-gp" --loss wasserstein --grid trick=gradient-penalty
    ./gan sweep "$problem" "${common[@]}" --out "$dir/3-hinge-sn" --loss hinge --grid trick=spectral-norm
    # PacGAN keeps D's batch of packed inputs at 256: m·256 samples a step.
    ./gan sweep "$problem" "${common[@]}" --out "$dir/4-packing-2" --batch 512 --grid trick=packing:m=2
    ./gan sweep "$problem" "${common[@]}" --out "$dir/5-packing-4" --batch 1024 --grid trick=packing:m=4
  done
done
mkdir -p docs/results
python3 docs/mixtures/table.py "$out"/*/*/ > docs/results/mixtures-study.md
echo "wrote docs/results/mixtures-study.md"

#!/usr/bin/env bash
# The mixtures-of-Gaussians study, then its tables (docs/results/mixtures-study.md, grid-study.md).
#
# ring: 8 Gaussians, at the default learning rates (1e-4) and with a faster D (lr-d 4e-4, lr-g 1e-4),
#   10,000 steps, over the standard stabilisers and the unrolled GAN.
# grid: 25 Gaussians at lr 2e-3 for both players, 10,000 steps: the setting at which the plain GAN's
#   samples concentrate on the modes (about half high quality; at 1e-4, 7 %: they spread over the square),
#   over none, R1, EMA, WGAN-GP with 5 critic steps, hinge with spectral norm, packing, unrolled.
#
# SEEDS seeds a cell (default 10). A run takes about 25 s on one core of the build machine, an
# unrolled one 5 to 6 minutes; rerunning resumes. ONLY (an extended regex) runs only the sweeps
# whose folder matches, e.g. ONLY=unrolled. Extra arguments go to every sweep, e.g.
# `docs/mixtures/study.sh sweeps/try --steps 200` for a quick look.
#
#   SEEDS=20 docs/mixtures/study.sh [SWEEP_FOLDER] [FLAGS...]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-sweeps/mixtures-study}"
shift || true
seeds="${SEEDS:-10}"
only="${ONLY:-.}"
extra=("$@")

# sweep PROBLEM FOLDER FLAGS...: one sweep, unless ONLY leaves it out
sweep() {
  local problem="$1" dir="$2"
  shift 2
  if [[ "$dir" =~ $only ]]; then
    ./gan sweep "$problem" --seeds "$seeds" --quiet --out "$dir" "$@" "${extra[@]}"
  fi
}

for speed in default faster; do
  lr=()
  [ "$speed" = faster ] && lr=(--lr-d 4e-4 --lr-g 1e-4)
  dir="$out/ring-$speed"
  # One grid cannot mix losses or batch sizes: each of those is its own sweep.
  sweep ring "$dir/1-bce" "${lr[@]}" --grid \
    trick=none,r1:gamma=0.1,r1:gamma=1,instance-noise:sigma=0.1,ema,weight-noise,label-smoothing
  sweep ring "$dir/2-wgan-gp" "${lr[@]}" --loss wasserstein --grid trick=gradient-penalty
  sweep ring "$dir/3-hinge-sn" "${lr[@]}" --loss hinge --grid trick=spectral-norm
  # PacGAN keeps D's batch of packed inputs at 256: m·256 samples a step.
  sweep ring "$dir/4-packing-2" "${lr[@]}" --batch 512 --grid trick=packing:m=2
  sweep ring "$dir/5-packing-4" "${lr[@]}" --batch 1024 --grid trick=packing:m=4
  sweep ring "$dir/6-unrolled" "${lr[@]}" --grid trick=unrolled:k=5
done

dir="$out/grid-resolved"
sweep grid "$dir/1-bce" --lr 2e-3 --grid trick=none,r1:gamma=1,ema
sweep grid "$dir/2-wgan-gp-5" --lr 2e-3 --loss wasserstein --d-steps 5 --grid trick=gradient-penalty
sweep grid "$dir/3-hinge-sn" --lr 2e-3 --loss hinge --grid trick=spectral-norm
sweep grid "$dir/4-packing-2" --lr 2e-3 --batch 512 --grid trick=packing:m=2
sweep grid "$dir/5-unrolled" --lr 2e-3 --grid trick=unrolled:k=5

[ "$only" = . ] || { echo "ONLY=$only: sweeps run, tables left as they are (docs/mixtures/table.py makes them)"; exit 0; }
mkdir -p docs/results
shopt -s nullglob
ring=("$out"/ring-*/*/)
grid=("$out"/grid-resolved/*/)
[ ${#ring[@]} -gt 0 ] && python3 docs/mixtures/table.py "${ring[@]}" > docs/results/mixtures-study.md
[ ${#grid[@]} -gt 0 ] && python3 docs/mixtures/table.py "${grid[@]}" > docs/results/grid-study.md
echo "wrote docs/results/mixtures-study.md and grid-study.md"

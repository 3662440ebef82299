#!/usr/bin/env bash
# The Dirac-GAN study in the README: five sweeps (one grid cannot mix losses, consensus needs the
# simultaneous order and G's weight noise the alternating one), then one table:
# docs/results/dirac-study.md. A few minutes on 2 cores.
#
#   docs/dirac/study.sh [SWEEP_FOLDER]      (default sweeps/dirac-study; rerunning resumes)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-sweeps/dirac-study}"
# 5 seeds: the runs with instance noise or weight noise are random; the others give one result 5 times.
common=(--seeds 5 --batch 16 --grid order=alternating,simultaneous --grid lr=0.05,0.2,0.5 --quiet)
./gan sweep dirac "${common[@]}" --out "$out/1-minimax" --grid \
  trick=none,r1:gamma=1,r2:gamma=1,r1:gamma=0.1,instance-noise:sigma=1,label-smoothing,label-smoothing:one-sided=true,example-weighting,weight-decay:value=1,weight-decay:value=0.1
./gan sweep dirac --seeds 5 --batch 16 --grid lr=0.05,0.2,0.5 --quiet --out "$out/2-weight-noise" --grid \
  trick=weight-noise,weight-noise:sigma=0.5
./gan sweep dirac "${common[@]}" --out "$out/3-non-saturating" --loss non-saturating --grid trick=none,r1:gamma=1
./gan sweep dirac "${common[@]}" --out "$out/4-wasserstein" --loss wasserstein --grid \
  trick=none,weight-clipping:c=0.5,gradient-penalty:lambda=1
./gan sweep dirac --seeds 5 --batch 16 --order simultaneous --grid lr=0.05,0.2,0.5 --quiet --out "$out/5-consensus" \
  --grid trick=consensus:gamma=1,consensus:gamma=0.1
python3 docs/dirac/table.py "$out"/*/ > docs/results/dirac-study.md
echo "wrote docs/results/dirac-study.md"

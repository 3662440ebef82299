#!/usr/bin/env bash
# The Dirac-GAN study in the README: five sweeps (one grid cannot mix losses, consensus needs the
# simultaneous order and G's weight noise the alternating one), then two tables: every cell in
# docs/results/dirac-study.md, the README's summary at h = 0.2 in docs/results/dirac-study-h0.2.md.
# 20,000 steps a run, so that the slowest converging cell (consensus with gamma 0.1 at h = 0.05,
# rho = 0.99906) passes through the window where its rate is measured. About 10 minutes on 2 cores.
#
#   docs/dirac/study.sh [SWEEP_FOLDER]      (default sweeps/dirac-study; rerunning resumes)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-sweeps/dirac-study}"
# 5 seeds: the runs with instance noise or weight noise are random; the others give one result 5 times.
common=(--seeds 5 --batch 16 --steps 20000 --grid order=alternating,simultaneous --grid lr=0.05,0.2,0.5 --quiet)
./gan sweep dirac "${common[@]}" --out "$out/1-minimax" --grid \
  trick=none,r1:gamma=1,r2:gamma=1,r1:gamma=0.1,instance-noise:sigma=1,label-smoothing,label-smoothing:one-sided=true,example-weighting,weight-decay:value=1,weight-decay:value=0.1
./gan sweep dirac --seeds 5 --batch 16 --steps 20000 --grid lr=0.05,0.2,0.5 --quiet --out "$out/2-weight-noise" --grid \
  trick=weight-noise,weight-noise:sigma=0.5
./gan sweep dirac "${common[@]}" --out "$out/3-non-saturating" --loss non-saturating --grid trick=none,r1:gamma=1
./gan sweep dirac "${common[@]}" --out "$out/4-wasserstein" --loss wasserstein --grid \
  trick=none,weight-clipping:c=0.5,gradient-penalty:lambda=1
./gan sweep dirac --seeds 5 --batch 16 --steps 20000 --order simultaneous --grid lr=0.05,0.2,0.5 --quiet --out "$out/5-consensus" \
  --grid trick=consensus:gamma=1,consensus:gamma=0.1
python3 docs/dirac/table.py "$out"/*/ > docs/results/dirac-study.md
python3 docs/dirac/table.py --h 0.2 "$out"/*/ > docs/results/dirac-study-h0.2.md
echo "wrote docs/results/dirac-study.md and docs/results/dirac-study-h0.2.md"

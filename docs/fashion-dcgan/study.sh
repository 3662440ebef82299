#!/usr/bin/env bash
# The convolutional Fashion-MNIST study: fashion-dcgan (Lucic et al.'s networks) at the CPU budget
# below, no trick against the stabilisers of the large-scale studies and the article's tricks, SEEDS
# seeds a cell (default 5), then one table: docs/results/fashion-dcgan-study.md. Rerunning resumes
# (finished runs are skipped), so the study can be run across sessions. Extra arguments go to every
# sweep, e.g. `docs/fashion-dcgan/study.sh sweeps/try --steps 100` for a quick look. GAN runs another
# launcher.
#
# The budget: width 0.25 (16 and 32 channels, 256 units), PyTorch's initialisation (at this width
# DCGAN's N(0, 0.02) leaves G stuck at grey), STEPS G steps (default 1875: two epochs at batch 64),
# snapshots every 625 steps; everything else at fashion-dcgan's defaults (batch 64, Adam 2e-4 (0.5,
# 0.999), z ~ U(-1, 1)^64, 10,000 samples scored at the end). A full-size run is
# `gan run fashion-dcgan` (18,750 steps at width 1).
#
#   SEEDS=5 STEPS=1875 docs/fashion-dcgan/study.sh [SWEEP_FOLDER] [FLAGS...]
set -euo pipefail
cd "$(dirname "$0")/../.."
gan="${GAN:-./gan}"
out="${1:-sweeps/fashion-dcgan-study}"
shift || true
seeds="${SEEDS:-5}"
steps="${STEPS:-1875}"
budget=(--width 0.25 --init pytorch --steps "$steps" --snapshot-every 625)
# Non-saturating loss: no trick, R1 at Mescheder et al.'s γ = 10 and at 1, EMA of G, instance noise,
# and the article's tricks (label smoothing, example weighting, weight decay on D, G's weight noise).
tricks=trick=none,r1:gamma=10,r1:gamma=1,ema,instance-noise,label-smoothing,example-weighting,weight-decay,weight-noise
# Seed by seed (shard k of SEEDS is seed k+1 of every cell): stopped at any point, every cell has
# about as many seeds as the others, and each sweep.csv reports what is done.
for ((k = 0; k < seeds; k++)); do
  common=(--seeds "$seeds" --shard "$k/$seeds" --quiet "${budget[@]}" "$@")
  $gan sweep fashion-dcgan "${common[@]}" --out "$out/1-non-saturating" --grid "$tricks"
  # SN-GAN: spectral norm of every D layer with the hinge loss (D without batch norm: --d-norm auto).
  $gan sweep fashion-dcgan "${common[@]}" --out "$out/2-hinge-sn" --loss hinge --grid trick=spectral-norm
  # WGAN-GP: the Wasserstein loss, λ = 10, 5 critic steps a G step (D with layer norm: --d-norm auto).
  $gan sweep fashion-dcgan "${common[@]}" --out "$out/3-wgan-gp" --loss wasserstein --d-steps 5 \
    --grid trick=gradient-penalty
  # EMA averaging over about 100 steps instead of 1,000: at this budget β = 0.999 still holds 15 % of
  # G's initial weights at the end (0.999^1875).
  $gan sweep fashion-dcgan "${common[@]}" --out "$out/4-ema-0.99" --grid trick=ema:beta=0.99
  # The control for R1 and WGAN-GP, whose D has layer norm: no trick with D's layer norm.
  $gan sweep fashion-dcgan "${common[@]}" --out "$out/5-layer-norm" --d-norm layer --grid trick=none
done
mkdir -p docs/results
python3 docs/fashion-dcgan/table.py "$out"/*/ > docs/results/fashion-dcgan-study.md
echo "wrote docs/results/fashion-dcgan-study.md"

#!/usr/bin/env bash
# Runs a fixed list of gan-lab command lines (every seed experiment, dirac, ring and grid with each
# trick, both orders, sweeps, a checkpointed run) and prints one line per result file:
#   <sha256>  <command name>/<file>
# for every metrics.csv, summary.json and sweep.csv they write. Run it with two checkouts and diff
# the outputs to show that a change leaves every result byte for byte the same:
#
#   scripts/output-fingerprint.sh [GAN_LAUNCHER] [WORK_FOLDER] > after.txt
#
# GAN_LAUNCHER defaults to this checkout's ./gan; WORK_FOLDER (default: a temporary folder) keeps
# the run folders for a closer look. About 2 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gan="${1:-$root/gan}"
work="${2:-$(mktemp -d)}"
mkdir -p "$work"

commands=(
  "nodes|run nodes"
  "pattern-1010|run pattern-1010"
  "discriminator-1010|run discriminator-1010"
  "single-point|run single-point"
  "single-point-tricks|run single-point --trick label-smoothing --trick example-weighting --trick weight-decay --trick weight-noise:sigma=1.5,inner=3"
  "single-point-ema-r1|run single-point --seed 7 --trick r1:gamma=1 --trick ema:beta=0.99 --optimizer adamw"
  "dirac|run dirac"
  "dirac-sim-r1|run dirac --order simultaneous --trick r1:gamma=1"
  "dirac-r2-nonsat|run dirac --loss non-saturating --trick r2:gamma=0.5 --lr 0.5"
  "dirac-instance-noise|run dirac --trick instance-noise:sigma=1 --batch 16 --order simultaneous"
  "dirac-weight-noise|run dirac --trick weight-noise --batch 16"
  "dirac-wgan-gp|run dirac --loss wasserstein --trick gradient-penalty:lambda=1"
  "dirac-wgan-clip|run dirac --loss wasserstein --trick weight-clipping:c=0.5 --order simultaneous"
  "dirac-smoothing|run dirac --trick label-smoothing --trick example-weighting --d-steps 2"
  "dirac-decay|run dirac --trick weight-decay:value=1 --order simultaneous --lr-d 0.1 --lr-g 0.3"
  "dirac-consensus|run dirac --order simultaneous --trick consensus:gamma=1"
  "ring-r1-ema|run ring --steps 300 --trick r1 --trick ema"
  "ring-packing|run ring --steps 300 --trick packing --batch 512"
  "ring-hinge-sn|run ring --steps 200 --loss hinge --trick spectral-norm"
  "ring-wgan-gp|run ring --steps 100 --loss wasserstein --trick gradient-penalty --d-steps 5"
  "dirac-clip-rmsprop|run dirac --optimizer rmsprop --loss wasserstein --trick weight-clipping:c=0.5"
  "single-point-rmsprop|run single-point --optimizer rmsprop --steps 500"
  "ring-weight-noise|run ring --steps 200 --trick weight-noise:inner=2 --trick r2:gamma=1"
  "ring-simultaneous|run ring --steps 200 --order simultaneous --trick instance-noise:sigma=0.1,anneal=100"
  "ring-consensus|run ring --steps 100 --order simultaneous --trick consensus"
  "grid-tricks|run grid --steps 200 --trick instance-noise:sigma=0.1,anneal=100 --trick label-smoothing --seed 3"
  "ring-checkpointed|run ring --steps 400 --checkpoint-every 150 --trick ema --trick spectral-norm"
  "sweep-single-point|sweep single-point --seeds 3 --steps 300 --grid trick=none,label-smoothing --grid lr=0.01,0.05"
  "sweep-dirac|sweep dirac --seeds 2 --batch 16 --grid order=alternating,simultaneous --grid trick=none,r1:gamma=1,instance-noise:sigma=1"
  "sweep-ring|sweep ring --seeds 2 --steps 150 --grid trick=none,r1,packing"
)

for entry in "${commands[@]}"; do
  name="${entry%%|*}"
  read -r -a args <<< "${entry#*|}"
  out="$work/$name"
  rm -rf "$out"
  status=0
  "$gan" "${args[@]}" --quiet --out "$out" > "$work/$name.log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "FAILED  $name/(exit $status; see $work/$name.log)"
    continue
  fi
  (cd "$out" && find . \( -name metrics.csv -o -name summary.json -o -name sweep.csv \) -type f | sort \
    | while read -r f; do printf '%s  %s/%s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$name" "$(echo "$f" \
      | sed -E 's|^\./||; s|-[0-9]{8}-[0-9]{6}(-[0-9]+)?-seed|-seed|')"; done)
done

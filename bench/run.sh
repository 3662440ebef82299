#!/usr/bin/env bash
# JMH benchmarks of every available backend, and the same workloads in PyTorch eager on this
# machine, so that ratios are measured side by side in one sitting.
#
#   bench/run.sh [quick|full]        quick: about 10 minutes; full: about 60
#
# Results go to bench/results/DATE-PROFILE/: jmh-kernels.json, jmh-steps.json (JMH's -rf json,
# with the gc profiler's bytes/op for the steps), sweep.json (the sweep's runs per second),
# pytorch-1thread.json, pytorch-Nthreads.json, and summary.md, the table the README shows. PyTorch: apt-get install python3-torch
# libopenblas0-pthread (skipped with a note when missing).
set -euo pipefail
profile="${1:-quick}"
case "$profile" in
  quick) jmh=(-f 1 -wi 2 -i 3 -w 1s -r 1s); steps=(-f 1 -wi 6 -i 5 -w 1s -r 1s); torch_flags=(--quick); sweep_seeds=20 ;;
  full)  jmh=(-f 2 -wi 5 -i 10 -w 2s -r 2s); steps=(-f 2 -wi 8 -i 10 -w 2s -r 2s); torch_flags=(); sweep_seeds=100 ;;
  *) echo "usage: bench/run.sh [quick|full]" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/gan-bench/target/benchmarks.jar"
(cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package -pl gan-bench -am)
backends="$(java -cp "$jar" org.ganlab.bench.BackendNames)"
out="$root/bench/results/$(date +%Y%m%d-%H%M%S)-$profile"
mkdir -p "$out"
echo "backends: $backends; results: $out" >&2

java -jar "$jar" "${jmh[@]}" -p backend="$backends" -rf json -rff "$out/jmh-kernels.json" \
  'MatmulBench|SeedShapesBench|ElementwiseBench|ConvBench'
# Steps warm up longer: the MLP step's vector kernels are compiled only after some hundred steps.
java -jar "$jar" "${steps[@]}" -p backend="$backends" -prof gc -rf json -rff "$out/jmh-steps.json" 'StepBench'
# The scalar fallback, what a JVM without --add-modules jdk.incubator.vector gets (java -jar gan.jar without
# the flag): the same steps and the 512 SGEMM with the Vector API switched off.
java -jar "$jar" "${steps[@]}" -p backend=cpu -p threads=1 -jvmArgsAppend -Dgan.cpu.vector=false -rf json \
  -rff "$out/jmh-steps-scalar.json" 'StepBench'
java -jar "$jar" "${jmh[@]}" -p backend=cpu -p n=512 -p threads=1 -jvmArgsAppend -Dgan.cpu.vector=false -rf json \
  -rff "$out/jmh-kernels-scalar.json" 'MatmulBench.square'

# Sweep throughput: the README's single-point sweep (18 cells; 20 seeds each in quick, 100 in full),
# timed end to end through ./gan, every core busy.
start=$(date +%s.%N)
"$root/gan" sweep single-point --seeds "$sweep_seeds" --out "$out/sweep" --grid lr=0.01,0.05,0.2 \
  --grid trick=none,label-smoothing,example-weighting,weight-decay,weight-noise,weight-noise+weight-decay >/dev/null
end=$(date +%s.%N)
# Runs and steps come from the sweep's own plan.
python3 - "$out/sweep/sweep.json" "$out/sweep.json" "$start" "$end" <<'PY'
import json, math, sys
plan = json.load(open(sys.argv[1]))
runs = plan["seeds"] * math.prod(len(axis["values"]) for axis in plan["grid"])
seconds = float(sys.argv[4]) - float(sys.argv[3])
json.dump({"runs": runs, "steps": plan["fixed"]["steps"], "seconds": seconds}, open(sys.argv[2], "w"))
PY
rm -rf "$out/sweep"

if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  /usr/bin/python3 "$root/bench/pytorch_reference.py" "${torch_flags[@]}" --threads 1 --out "$out/pytorch-1thread.json" >/dev/null
  /usr/bin/python3 "$root/bench/pytorch_reference.py" "${torch_flags[@]}" --threads "$(nproc)" \
    --out "$out/pytorch-$(nproc)threads.json" >/dev/null
else
  echo "PyTorch not found for /usr/bin/python3: apt-get install python3-torch libopenblas0-pthread" >&2
fi
python3 "$root/bench/summarize.py" "$out" | tee "$out/summary.md"

#!/usr/bin/env bash
# Runs the CUDA backend's tests and benchmarks on a GPU host that has no Java and no Maven.
#
#   gan-backend-cuda/gpu-test.sh pack          here (JDK 17 + Maven): builds .gpu-kit/ at the repo root,
#                                              under 60 MB: a jlink'd Java runtime, the test classpath
#                                              (the drop-in jar, not the build's classes) with JUnit's console
#                                              launcher (gan-core's test-jar carries the PyTorch fixtures) and
#                                              benchmarks.jar
#   gan-backend-cuda/gpu-test.sh run [quick|full]
#                                              on the GPU host, from the repo root with .gpu-kit/ beside:
#                                              the GPU test classes with -Dgan.cuda.required=true (a GPU
#                                              host without a working driver fails instead of skipping),
#                                              JMH SGEMM on cuda, training steps on cuda and cpu, and
#                                              torch.matmul fp32 with TF32 off and the same steps in
#                                              PyTorch CUDA eager for comparison (python3 with PyTorch, if
#                                              present). Writes to $OUT, else .gpu-kit/results.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kit="$root/.gpu-kit"
junit_console=1.11.4
gpu_tests=(CudaProviderTest CudaConformanceTest CudaPytorchParityTest CudaStabiliserParityTest CudaGradientCheckTest
  CudaOptimizerKernelsTest CudaBackendTest CudaImageLayersParityTest CudaCapturedStepTest CudaGraphCapturedStepTest)

pack() {
  rm -rf "$kit"
  mkdir -p "$kit/lib"
  (cd "$root" && mvn -q -B -DskipTests install -pl gan-backend-cuda,gan-bench -am)
  (cd "$root/gan-backend-cuda" && mvn -q -B dependency:copy-dependencies -DincludeScope=test \
    -DexcludeGroupIds=org.jcuda -DoutputDirectory="$kit/lib")
  cp "$root"/gan-backend-cuda/target/gan-backend-cuda-*-drop-in.jar "$root"/gan-backend-cuda/target/gan-backend-cuda-*-tests.jar "$kit/lib/"
  local artifact
  for artifact in console launcher reporting; do  # the console launcher without the standalone jar's copy of JUnit
    (cd "$root" && mvn -q -B dependency:copy -Dartifact="org.junit.platform:junit-platform-$artifact:$junit_console" \
      -DoutputDirectory="$kit/lib")
  done
  cp "$root/gan-bench/target/benchmarks.jar" "$kit/"
  cp "$root/bench/gpu_reference.py" "$root/bench/pytorch_reference.py" "$root/bench/gpu_summary.py" "$kit/"
  # java.management and jdk.unsupported: JMH; java.xml and java.naming: Logback. Not java.desktop or
  # java.sql: Jackson and Logback use them only when present, and nothing here plots.
  "${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/jlink" --output "$kit/jre" \
    --add-modules java.base,java.logging,java.management,java.naming,java.xml,jdk.unsupported,jdk.incubator.vector \
    --strip-debug --strip-native-debug-symbols=exclude-debuginfo-files --no-man-pages --no-header-files --compress=2
  local size
  size=$(du -sm "$kit" | cut -f1)
  echo "packed $kit: ${size} MB" >&2
  if (( size >= 60 )); then echo "the kit is over 60 MB" >&2; exit 1; fi
}

run() {
  local profile="${1:-quick}" jmh
  case "$profile" in
    quick) jmh=(-f 1 -wi 3 -i 5 -w 1s -r 1s); steps_jmh=(-f 1 -wi 5 -i 10 -w 1s -r 1s) ;;
    full)  jmh=(-f 2 -wi 5 -i 10 -w 2s -r 2s); steps_jmh=("${jmh[@]}") ;;
    *) echo "usage: gpu-test.sh run [quick|full]" >&2; exit 2 ;;
  esac
  [[ -x "$kit/jre/bin/java" ]] || { echo "no $kit: run 'gpu-test.sh pack' where there is a JDK" >&2; exit 2; }
  local out="${OUT:-$kit/results}" java="$kit/jre/bin/java" cp status=0 selectors=()
  mkdir -p "$out"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt" || true
  cp="$(find "$kit/lib" -name '*.jar' | sort | paste -sd:)"
  for t in "${gpu_tests[@]}"; do selectors+=(--select-class "org.ganlab.backend.cuda.$t"); done
  # GAN_CUDA_REQUIRED=false: a dry run of the kit where there is no GPU (the GPU tests then skip)
  "$java" --add-modules jdk.incubator.vector -Dgan.cuda.required="${GAN_CUDA_REQUIRED:-true}" \
    -cp "$cp" org.junit.platform.console.ConsoleLauncher execute "${selectors[@]}" \
    --details=summary --details-theme=ascii --reports-dir "$out/junit" 2>&1 | tee "$out/tests.txt" || status=1

  "$java" -jar "$kit/benchmarks.jar" "${jmh[@]}" -p backend=cuda -p n=256,1024,4096 -p threads=all \
    -rf json -rff "$out/jmh-matmul.json" MatmulBench >"$out/jmh-matmul.txt" 2>&1 || status=1
  "$java" -jar "$kit/benchmarks.jar" "${steps_jmh[@]}" -p backend=cuda,cpu -p threads=all \
    -rf json -rff "$out/jmh-steps.json" StepBench >"$out/jmh-steps.txt" 2>&1 || status=1
  # Captured steps replayed as CUDA graphs (off on a GPU until CudaGraphCapturedStepTest has passed there)
  "$java" -jar "$kit/benchmarks.jar" "${steps_jmh[@]}" -p backend=cuda -p threads=all -p capture=on \
    -p step=pattern1010,singlePoint,mlpGan \
    -jvmArgsAppend -Dgan.cuda.graphs=true -rf json -rff "$out/jmh-steps-graphs.json" StepBench \
    >"$out/jmh-steps-graphs.txt" 2>&1 || status=1
  "$java" -jar "$kit/benchmarks.jar" "${jmh[@]}" -p backend=cuda \
    -rf json -rff "$out/jmh-dispatch.json" DispatchBench >"$out/jmh-dispatch.txt" 2>&1 || status=1
  "$java" -jar "$kit/benchmarks.jar" "${jmh[@]}" -p backend=cuda -p threads=all \
    -rf json -rff "$out/jmh-conv.json" ConvBench >"$out/jmh-conv.txt" 2>&1 || status=1
  # The SGEMM kernels alone, timed with CUDA events as torch.matmul is (needs the host's nvcc).
  if command -v nvcc >/dev/null; then
    nvcc -O3 -std=c++17 -arch=sm_90 -I"$root/gan-backend-cuda/src/main/cuda" -o "$out/sgemm_events" \
      "$root/bench/sgemm_events.cu" && "$out/sgemm_events" >"$out/sgemm-events.json" || status=1
    rm -f "$out/sgemm_events"
  else
    echo "no nvcc on this host: the SGEMM kernels are timed through the backend only" >&2
  fi
  if python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
    python3 "$kit/gpu_reference.py" --out "$out/torch-matmul.json" || status=1
  else
    echo "no PyTorch with CUDA for python3: no torch.matmul comparison" >&2
  fi
  python3 "$kit/gpu_summary.py" "$out" | tee "$out/summary.md" || status=1
  return $status
}

case "${1:-}" in
  pack) pack ;;
  run) shift; run "$@" ;;
  *) echo "usage: gan-backend-cuda/gpu-test.sh pack | run [quick|full]" >&2; exit 2 ;;
esac

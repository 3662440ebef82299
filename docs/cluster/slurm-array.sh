#!/bin/bash
# A gan-lab sweep as a SLURM array job: each task runs one shard of the sweep, all writing into one
# folder on a shared file system. From the repository root, on the shared file system, with gan.jar
# built once (./gan --version builds it):
#
#   mkdir -p sweeps
#   job=$(sbatch --parsable docs/cluster/slurm-array.sh)
#   sbatch --dependency=afterok:"$job" --output=sweeps/slurm-report-%j.log \
#     --wrap "./gan sweep-report sweeps/single-point-tricks"
#
# Resubmitting the same array after a failure or scancel resumes: finished runs are skipped, runs
# with a checkpoint (--checkpoint-every in GAN_SWEEP) continue from it, other unfinished ones restart.
#
# The environment (sbatch passes the submitter's) can change what runs, without editing this file:
#   GAN_SWEEP      the experiment and its sweep flags (default below)
#   GAN_SWEEP_OUT  the sweep folder (default sweeps/single-point-tricks)
#   GAN_SHARDS     how many shards (default: the array's highest index + 1; set it when resubmitting
#                  only some of the tasks, e.g. sbatch --array=3,5)
#   GAN            how gan-lab is started (default ./gan; or java --add-modules jdk.incubator.vector -jar
#                  .../gan.jar: without that module the cpu backend is several times slower, and says so)
# sbatch's own options override the #SBATCH lines, e.g. sbatch --array=0-3 --cpus-per-task=4.
#SBATCH --job-name=gan-sweep
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=01:00:00
#SBATCH --output=sweeps/slurm-%A_%a.log
set -euo pipefail
sweep="${GAN_SWEEP:-single-point --seeds 100 --grid lr=0.01,0.05,0.2 \
--grid trick=none,label-smoothing,example-weighting,weight-decay,weight-noise,weight-noise+weight-decay}"
out="${GAN_SWEEP_OUT:-sweeps/single-point-tricks}"
shards="${GAN_SHARDS:-$((SLURM_ARRAY_TASK_MAX + 1))}"
read -r -a gan <<<"${GAN:-./gan}"
read -r -a args <<<"$sweep"
# One thread per CPU SLURM gave the task: more would compete with the node's other tasks.
exec "${gan[@]}" sweep "${args[@]}" --shard "${SLURM_ARRAY_TASK_ID}/${shards}" \
  --threads "${SLURM_CPUS_PER_TASK:-1}" --quiet --out "$out"

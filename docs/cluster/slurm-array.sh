#!/bin/bash
# A gan-lab sweep as a SLURM array job: 8 tasks, each one shard of the sweep, all writing into one
# folder on a shared file system. Submit from the repository root:  sbatch docs/cluster/slurm-array.sh
# Resubmitting after a failure resumes: finished runs are skipped.
#SBATCH --job-name=gan-sweep
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=01:00:00
#SBATCH --output=sweeps/slurm-%A_%a.log
set -euo pipefail
shards=8
out=sweeps/single-point-tricks
./gan sweep single-point --seeds 100 --grid lr=0.01,0.05,0.2 \
  --grid trick=none,label-smoothing,example-weighting,weight-decay,weight-noise,weight-noise+weight-decay \
  --shard "${SLURM_ARRAY_TASK_ID}/${shards}" --threads "${SLURM_CPUS_PER_TASK}" --quiet --out "$out"

# Then, once all tasks are done (e.g. sbatch --dependency=afterok:JOBID --wrap "./gan sweep-report $out"):
#   ./gan sweep-report sweeps/single-point-tricks

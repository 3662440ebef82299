#!/usr/bin/env bash
# A single-node SLURM cluster on this machine, for trying and testing docs/cluster/slurm-array.sh:
# this host is the controller and the one compute node.
#
#   scripts/slurm-local.sh install          Debian's slurm-wlm and munge (as root; skipped when present)
#   eval "$(scripts/slurm-local.sh start)"  starts munged, slurmctld and slurmd; prints SLURM_CONF
#   scripts/slurm-local.sh env | status | stop
#
# Everything lives in GAN_SLURM_DIR (default /run/gan-lab-slurm, where munged accepts a socket): its own slurm.conf, munge key
# and socket, ports 6917/6918 and state folders. Nothing under /etc is read or written, and a real
# cluster's daemons on this host (ports 6817/6818, /run/munge) are left alone. start and stop are
# idempotent. sbatch, squeue and scontrol find this cluster through the SLURM_CONF that start prints.
set -euo pipefail
dir="${GAN_SLURM_DIR:-/run/gan-lab-slurm}"
conf="$dir/slurm.conf"
socket="$dir/munge/munge.socket"
ctld_port="${GAN_SLURM_CTLD_PORT:-6917}"
slurmd_port="${GAN_SLURM_SLURMD_PORT:-6918}"

say() { echo "slurm-local: $*" >&2; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

missing() {
  local m=()
  for c in munged slurmctld slurmd sbatch squeue scontrol; do
    command -v "$c" >/dev/null || m+=("$c")
  done
  echo "${m[*]:-}"
}

install() {
  if [ -z "$(missing)" ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    say "cannot install slurm-wlm and munge (needs root and apt-get); missing: $(missing)"
    return 1
  fi
  say "installing Debian's slurm-wlm and munge ..."
  local log=/tmp/gan-lab-slurm-apt.log
  # With stale package lists the first try fails; refresh them once and try again.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >"$log" 2>&1 \
    || { apt-get update -q >>"$log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >>"$log" 2>&1; } \
    || { say "apt-get install failed; see $log"; return 1; }
}

write_config() {
  local host cpus mem_mb
  host="$(hostname -s)"
  cpus="$(nproc)"
  # Leave 1 GiB to the system; without RealMemory, jobs asking for --mem are refused.
  mem_mb=$(( $(awk '/^MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 1024 ))
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  cat >"$conf" <<EOF
# Written by scripts/slurm-local.sh: a one-node cluster for gan-lab's tests.
ClusterName=ganlab-local
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$(id -un)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
# Finished jobs stay visible to scontrol for 10 minutes; a dependency that can never be met fails.
MinJobAge=600
SchedulerParameters=kill_invalid_depend
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

env_lines() {
  echo "export SLURM_CONF=$conf"
}

running() {
  alive "$dir/munged.pid" && alive "$dir/slurmctld.pid" && alive "$dir/slurmd.pid"
}

start() {
  if [ -n "$(missing)" ]; then
    say "missing: $(missing) (run: scripts/slurm-local.sh install)"
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    say "slurmd must run as root to start jobs as their user; run start as root"
    return 1
  fi
  # munged wants its socket's folders open to all (to be reached) and its key's folder closed.
  mkdir -p "$dir/munge" "$dir/munge-key"
  chmod 755 "$dir" "$dir/munge"
  chmod 700 "$dir/munge-key"
  if running; then
    env_lines
    return 0
  fi
  stop_daemons
  write_config
  if [ ! -f "$dir/munge-key/munge.key" ]; then
    dd if=/dev/urandom of="$dir/munge-key/munge.key" bs=1024 count=1 status=none
    chmod 400 "$dir/munge-key/munge.key"
  fi
  munged --socket="$socket" --key-file="$dir/munge-key/munge.key" --pid-file="$dir/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munge-key/munged.seed"
  export SLURM_CONF="$conf"
  slurmctld -f "$conf"
  slurmd -f "$conf"
  for _ in $(seq 1 60); do
    if scontrol ping 2>/dev/null | grep -q UP && sinfo -h -o %t 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; then
      say "up: one node ($(hostname -s)), $(nproc) CPUs; logs in $dir/log"
      env_lines
      return 0
    fi
    sleep 0.5
  done
  say "the cluster did not come up in 30 s; see $dir/log"
  sinfo -h 2>&1 | sed 's/^/  /' >&2 || true
  return 1
}

stop_daemons() {
  local f
  for f in slurmd slurmctld munged; do
    if alive "$dir/$f.pid"; then
      kill "$(cat "$dir/$f.pid")"
      for _ in $(seq 1 50); do
        alive "$dir/$f.pid" || break
        sleep 0.2
      done
    fi
    rm -f "$dir/$f.pid"
  done
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop_daemons; say "stopped" ;;
  env) env_lines ;;
  status)
    if running; then say "running ($dir)"; SLURM_CONF="$conf" sinfo >&2; else say "not running"; exit 1; fi ;;
  *) echo "usage: $0 install|start|stop|env|status" >&2; exit 2 ;;
esac

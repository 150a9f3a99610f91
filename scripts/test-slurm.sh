#!/usr/bin/env bash
# `twinreach batch --emit-slurm` tested on a real Slurm cluster (issue 13 §3).
#
# Starts a private single-node cluster from Debian's slurm-wlm and munge: a munge key,
# slurm.conf (this machine's hostname, CPUs=2, its real memory, select/cons_tres,
# proctrack/linuxproc, task/none, no accounting), state, spool and logs, all in one temporary
# folder, on free ports; munged, slurmctld and slurmd run as root and are stopped, and the folder
# removed, on exit, also on failure or Ctrl-C. Then it generates a few small districts (one of
# them broken), runs `twinreach batch` on them locally, emits the Slurm scripts for 3 shards,
# submits them with the emitted submit.sh (the shard array, then the merge job after it),
# waits by polling squeue (no accounting database needed) and checks that every file of the
# merged folder equals the local run's, byte for byte (cmp). Exit 0 when all is equal; 1 on any
# difference, a failed or cancelled job, or the timeout.
#
#   scripts/test-slurm.sh [--bin PATH] [--timeout SECONDS]
#
# --bin: the twinreach binary to test (default: `swift build --product twinreach`, debug, which
# `swift test` reuses). --timeout: how long to wait for the jobs (default 600 s).
# Needs root (the daemons run as root) and the packages slurm-wlm and munge.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bin=""
timeout_seconds=600
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    --timeout) timeout_seconds=$2; shift 2 ;;
    *) echo "usage: scripts/test-slurm.sh [--bin PATH] [--timeout SECONDS]" >&2; exit 64 ;;
  esac
done
say() { echo "test-slurm: $*"; }
fail() { echo "test-slurm: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root: munged, slurmctld and slurmd are started as root"
for tool in munged mungekey slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
  command -v "$tool" >/dev/null || fail "$tool is missing: apt-get install slurm-wlm munge"
done
if [ -z "$bin" ]; then
  swift build --product twinreach >&2
  bin=$(swift build --show-bin-path)/twinreach
fi
[ -x "$bin" ] || fail "no twinreach binary at $bin"
bin=$(realpath "$bin")

# --- the cluster -----------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/twinreach-slurm.XXXXXX")
chmod 755 "$work" # munged refuses a socket whose folders others cannot traverse
daemons=()
stop_cluster() {
  local status=$?
  if [ -n "${SLURM_CONF:-}" ] && [ -e "$SLURM_CONF" ]; then
    scancel --quiet --user=root >/dev/null 2>&1 || true
    for _ in 1 2 3 4 5; do squeue -h 2>/dev/null | grep -q . || break; sleep 1; done
  fi
  for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do kill "${daemons[i]}" 2>/dev/null || true; done
  for pid in "${daemons[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ] && [ -d "$work/log" ]; then
    for log in "$work"/log/*; do echo "--- $log (last lines)" >&2; tail -n 20 "$log" >&2; done
  fi
  rm -rf "$work"
  exit "$status"
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

# A TCP port nothing listens on, from $1 upwards.
free_port() {
  local port=$1
  while (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# Waits until $2 exists (up to 20 s), else fails naming $1.
wait_for() {
  for _ in $(seq 200); do [ -e "$2" ] && return 0; sleep 0.1; done
  fail "$1 did not start (no $2)"
}

start_cluster() {
  mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/log"
  mungekey --create --keyfile="$work/munge/munge.key" >/dev/null
  munged --foreground --key-file="$work/munge/munge.key" --socket="$work/munge/socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/log/munged.log" \
    --seed-file="$work/munge/seed" >"$work/log/munged.out" 2>&1 &
  daemons+=($!)
  wait_for munged "$work/munge/socket"

  local node memory_mib cgroup_limit ctld_port slurmd_port
  node=$(uname -n); node=${node%%.*} # the short hostname, as slurmd names its node
  memory_mib=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
  cgroup_limit=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || echo max)
  if [ "$cgroup_limit" != max ] && [ $((cgroup_limit / 1048576)) -lt "$memory_mib" ]; then
    memory_mib=$((cgroup_limit / 1048576))
  fi
  ctld_port=$(free_port $((20000 + RANDOM % 20000))) # random: two clusters at once rarely collide
  slurmd_port=$(free_port $((ctld_port + 1)))
  export SLURM_CONF=$work/slurm.conf
  cat >"$SLURM_CONF" <<EOF
ClusterName=twinreach-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
SlurmdParameters=config_overrides
DependencyParameters=kill_invalid_depend
MinJobAge=3600
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 RealMemory=$memory_mib State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  slurmctld -D -c -f "$SLURM_CONF" >"$work/log/slurmctld.out" 2>&1 &
  daemons+=($!)
  slurmd -D -N "$node" -f "$SLURM_CONF" >"$work/log/slurmd.out" 2>&1 &
  daemons+=($!)
  for _ in $(seq 60); do
    [ "$(sinfo -h -n "$node" -o %t 2>/dev/null)" = idle ] && { say "cluster up: node $node, 2 CPUs, $memory_mib MiB, ports $ctld_port/$slurmd_port"; return 0; }
    sleep 0.5
  done
  fail "the node did not become idle: $(sinfo -h -o '%t %E' 2>&1)"
}

# Waits until no job is queued or running; then every shard task must have COMPLETED and the
# merge job ended with exit 65 (the merged table has the broken district's failed row).
wait_for_jobs() {
  local waited=0
  while squeue -h | grep -q .; do
    [ "$waited" -lt "$timeout_seconds" ] || { squeue >&2; fail "jobs still queued or running after $timeout_seconds s"; }
    sleep 1; waited=$((waited + 1))
  done
  local states
  states=$(scontrol -o show job | tr ' ' '\n' | grep -E '^(JobId|ArrayTaskId|JobName|JobState|Reason|ExitCode)=' \
    | awk '/^JobId=/ && NR > 1 { print line; line = "" } { line = line (line ? " " : "") $0 } END { print line }')
  echo "$states" | sed 's/^/  /'
  local tasks merge
  tasks=$(echo "$states" | grep -c 'JobName=twinreach-slurm-test-shards JobState=COMPLETED .*ExitCode=0:0' || true)
  merge=$(echo "$states" | grep -c 'JobName=twinreach-slurm-test-merge JobState=FAILED .*ExitCode=65:0' || true)
  if [ "$tasks" -ne 3 ] || [ "$merge" -ne 1 ] || [ "$(echo "$states" | wc -l)" -ne 4 ]; then
    for log in "$slurm_dir"/logs/*; do echo "--- $log" >&2; cat "$log" >&2; done
    fail "expected 3 completed shard tasks and a merge job that exits 65 (one district fails)"
  fi
  say "jobs done in about $waited s: 3 shard tasks completed, the merge exited 65 (one failed district)"
}

# --- the batch: locally, then on the cluster -----------------------------------------------
# Four generated districts of different sizes (so that sharding balances something) and one
# broken one, whose failed row must survive sharding and merging too.
make_districts() {
  local d="$work/batch/districts" seed=1 size
  for size in "10 8" "6 5" "12 9" "7 7"; do
    set -- $size
    "$bin" generate --out "$d/gen-$seed" --seed "$seed" --cells-x "$1" --cells-y "$2" --cell-meters 250 >/dev/null
    seed=$((seed + 1))
  done
  mkdir -p "$d/broken"
  echo 'name: [not closed' >"$d/broken/district.yaml"
  cat >"$work/batch/scenario.yaml" <<'EOF2'
name: slurm-test
changes:
  - digital_adoption: {group: elderly, add: 0.2}
EOF2
}

start_cluster
make_districts
cd "$work/batch"
say "local unsharded run"
status=0
"$bin" batch scenario.yaml --districts 'districts/*' --jobs 2 --out local >"$work/log/local.out" 2>&1 || status=$?
[ "$status" -eq 65 ] || { cat "$work/log/local.out" >&2; fail "the local batch exited $status, not 65 (one district fails)"; }
slurm_dir=$work/batch/slurm
"$bin" batch scenario.yaml --districts 'districts/*' --jobs 1 --shards 3 --out cluster --emit-slurm "$slurm_dir"
say "submitting: $("$slurm_dir/submit.sh")"
wait_for_jobs
compared=0
for file in cluster/*; do
  name=$(basename "$file")
  cmp "local/$name" "$file" || fail "cluster/$name differs from the local run's local/$name"
  compared=$((compared + 1))
done
[ "$compared" -ge 5 ] || fail "the merge wrote $compared files, expected the batch's tables, chart and batch.json"
grep -q 'broken' cluster/batch.csv || fail "the broken district's row is missing from cluster/batch.csv"
say "ok: the merged batch of 3 shards equals the local run byte for byte ($compared files: $(cd cluster && echo *))"

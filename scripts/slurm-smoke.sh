#!/usr/bin/env bash
# Slurm smoke test: a real single-node Slurm on this machine runs the sharded flow of
# scripts/cluster/sim-array.sbatch, and the merged outputs must equal a single-process `sim run`'s.
#
#   sudo bash scripts/slurm-smoke.sh                    # typhoon (two phases) and flood (one phase)
#   sudo bash scripts/slurm-smoke.sh --machinery-only   # Slurm itself only: a trivial 4-task array
#
# What it does:
#   1. installs slurm-wlm and munge from the distribution (apt-get) when they are absent;
#   2. writes a minimal single-node slurm.conf under $SMOKE_DIR (it never touches /etc/slurm:
#      every Slurm command here is pointed at it with SLURM_CONF);
#   3. starts munged (unless one already answers), slurmctld and slurmd directly (no systemd needed),
#      waits until sinfo shows the node idle;
#   4. typhoon: simulate array -> merge -> plan -> evaluate array -> merge, submitted at once as a
#      dependency chain (afterok), and compared with `sim run` of the same trials and seed;
#      flood: simulate array (sbatch --wait) -> merge, compared the same way;
#   5. prints PASS or FAIL and stops the daemons it started (also on error or Ctrl-C).
# Rerunnable: each run starts from a clean state folder and clears the previous run's outputs.
#
# Settings (environment): SMOKE_DIR (default /var/tmp/sim-slurm-smoke), SMOKE_SHARDS (4),
# SMOKE_TRIALS (20000), SMOKE_SEED (20240308), SMOKE_PORT (6817; slurmd uses the next port),
# SMOKE_KEEP=1 to leave the daemons running at the end (stop them with: SLURM_CONF=$SMOKE_DIR/etc/slurm.conf scontrol shutdown).
set -euo pipefail

if [[ $EUID -ne 0 ]]; then
  exec sudo --preserve-env=SMOKE_DIR,SMOKE_SHARDS,SMOKE_TRIALS,SMOKE_SEED,SMOKE_PORT,SMOKE_KEEP,PATH bash "$0" "$@"
fi

mode=full
case "${1:-}" in
  '') ;;
  --machinery-only) mode=machinery ;;
  *) echo "usage: $0 [--machinery-only]" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
smoke="${SMOKE_DIR:-/var/tmp/sim-slurm-smoke}"
shards="${SMOKE_SHARDS:-4}"
trials="${SMOKE_TRIALS:-20000}"
seed="${SMOKE_SEED:-20240308}"
port="${SMOKE_PORT:-6817}"
recipe="$repo/scripts/cluster/sim-array.sbatch"
started=$(date +%s)

say() { printf '[smoke %3ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
fail() { say "FAIL: $*"; exit 1; }

# ---------------------------------------------------------------- 1. packages
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
   || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

# ---------------------------------------------------------------- 2. configuration
etc="$smoke/etc" state="$smoke/state" logs="$smoke/log" run="$smoke/run"
export SLURM_CONF="$etc/slurm.conf"

# A previous run killed before its trap ran may have left our daemons: stop them by their pid files.
# A process that is there and not a zombie (this container's init may leave killed daemons unreaped).
alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]; }
stop_pidfile() {  # PIDFILE COMM: stop the process of PIDFILE if it is still COMM
  local pidfile="$1" pid
  [[ -s "$pidfile" ]] || return 0
  pid=$(cat "$pidfile")
  if alive "$pid" && grep -q "$2" "/proc/$pid/comm" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do alive "$pid" || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
stop_pidfile "$state/slurmd.pid" slurmd
stop_pidfile "$state/slurmctld.pid" slurmctld

rm -rf "$state" "$run" "$logs"
mkdir -p "$etc" "$state/ctld" "$state/d" "$logs" "$run"
: >"$logs/slurmctld.log"; : >"$logs/slurmd.log"

host=$(hostname -s)
# slurmd -C prints this machine's NodeName line (CPUs, sockets, cores, threads, RealMemory).
node_line=$(slurmd -C | head -n 1)
[[ "$node_line" == NodeName=* ]] || fail "slurmd -C printed no NodeName line: $node_line"

cat >"$SLURM_CONF" <<EOF
# Written by scripts/slurm-smoke.sh: a single-node Slurm for the smoke test, nothing else.
ClusterName=simsmoke
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
# No cgroups in a container: track processes through /proc, bind no tasks.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=10
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=smoke Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
# The node must carry the name slurmd finds for itself (the short host name).
grep -q "^NodeName=$host " "$SLURM_CONF" || fail "slurmd -C names the node differently from hostname -s ($host): $node_line"
say "$(sinfo --version), $(munged --version 2>&1 | awk '{print $1}'); $node_line"

# ---------------------------------------------------------------- 3. daemons
started_munged=""
ctld_pid="" slurmd_pid=""
cleanup() {
  local rc=$?
  set +e
  if [[ "${SMOKE_KEEP:-}" == 1 ]]; then
    say "SMOKE_KEEP=1: leaving slurmctld and slurmd running (SLURM_CONF=$SLURM_CONF)"
    exit $rc
  fi
  if [[ -n "$ctld_pid$slurmd_pid" ]]; then
    scancel --quiet --user=root 2>/dev/null
    scontrol shutdown >/dev/null 2>&1
    for _ in $(seq 50); do
      alive "$ctld_pid" || alive "$slurmd_pid" || break
      sleep 0.2
    done
    stop_pidfile "$state/slurmd.pid" slurmd
    stop_pidfile "$state/slurmctld.pid" slurmctld
  fi
  if [[ -n "$started_munged" ]]; then
    kill "$started_munged" 2>/dev/null
  fi
  say "daemons stopped"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "munged already running: using it"
else
  [[ -s /etc/munge/munge.key ]] || {
    say "creating /etc/munge/munge.key"
    if command -v mungekey >/dev/null; then mungekey --create --force; else dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
    chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
  }
  # Debian's packaging creates /run/munge through systemd or the init script: without them, do it here.
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
  # munged as its own user, like the packaged service; as root it would need --force.
  runuser -u munge -- munged || munged --force
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || fail "munged does not answer (see /var/log/munge/munged.log)"
  started_munged=$(cat /run/munge/munged.pid)
  say "munged started (pid $started_munged)"
fi

# Both daemonise themselves and write their pid files. -c: start with a clean state (no old jobs).
slurmctld -c || fail "slurmctld did not start: $(tail -n 20 "$logs/slurmctld.log")"
for _ in $(seq 50); do [[ -s "$state/slurmctld.pid" ]] && break; sleep 0.1; done
ctld_pid=$(cat "$state/slurmctld.pid" 2>/dev/null || true)
slurmd || fail "slurmd did not start: $(tail -n 20 "$logs/slurmd.log")"
for _ in $(seq 50); do [[ -s "$state/slurmd.pid" ]] && break; sleep 0.1; done
slurmd_pid=$(cat "$state/slurmd.pid" 2>/dev/null || true)
say "slurmctld (pid $ctld_pid) and slurmd (pid $slurmd_pid) started, SLURM_CONF=$SLURM_CONF"

node_state=""
for _ in $(seq 60); do
  node_state=$(sinfo --noheader --nodes="$host" --format=%T 2>/dev/null | head -n 1 || true)
  [[ "$node_state" == idle ]] && break
  if [[ "$node_state" == down* || "$node_state" == drain* ]]; then
    scontrol update nodename="$host" state=resume 2>/dev/null || true
  fi
  sleep 1
done
[[ "$node_state" == idle ]] || fail "node $host is '$node_state', not idle; logs: $logs"
sinfo --Node --long | sed 's/^/    /'

# ---------------------------------------------------------------- 4. jobs
# Ask sbatch to wait for a job and return its exit status; also print the tasks' logs on failure.
job_logs() { for f in "$logs"/job-*"$1"*.out; do [[ -f "$f" ]] && { echo "---- $f"; cat "$f"; }; done; }

if [[ $mode == machinery ]]; then
  out="$run/trivial"
  mkdir -p "$out"
  say "trivial array: sbatch --array=0-$((shards - 1)) --wait"
  jid=$(sbatch --parsable --job-name=trivial --array=0-$((shards - 1)) --cpus-per-task=1 --mem=256M --time=5 \
        --output="$logs/job-%x-%A_%a.out" --wait --wrap \
        "echo shard \$((SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN))/\$SLURM_ARRAY_TASK_COUNT on \$(hostname) > $out/part-\$SLURM_ARRAY_TASK_ID.txt") \
    || { job_logs trivial; fail "trivial array failed"; }
  cat "$out"/part-*.txt | sed 's/^/    /'
  n=$(ls "$out" | wc -l)
  [[ $n -eq $shards ]] || fail "expected $shards parts, found $n"
  say "PASS: Slurm ran a $shards-task array job (job $jid) and every task wrote its part"
  exit 0
fi

cd "$repo"
[[ -d node_modules ]] || { say "npm ci"; npm ci --no-audit --no-fund >/dev/null; }
if [[ ! -f dist/src/cli/main.js ]] || [[ -n "$(find src -newer dist/src/cli/main.js -print -quit)" ]]; then
  say "npm run build"
  npm run build >/dev/null
fi
sim=(node "$repo/bin/sim.js")
"${sim[@]}" run --help | grep -q -- '--shard' \
  || fail "this sim has no 'run --shard' yet (sharded runs not merged in): try --machinery-only"

# Jobs inherit this environment (sbatch --export=ALL): SIM_REPO tells the recipe where sim is.
export SIM_REPO="$repo" SIM_WORKERS=1
common=(--cpus-per-task=1 --mem=2G --time=15 --output="$logs/job-%x-%A_%a.out" --kill-on-invalid-dep=yes)
last=$((shards - 1))

# --- typhoon: two phases, submitted at once as the dependency chain of docs/cluster.md
scenario="$repo/scenarios/typhoon.yaml"
d="$run/typhoon"
say "typhoon ($trials trials, seed $seed, $shards shards): submitting simulate -> merge -> plan -> evaluate -> merge"
j1=$(sbatch --parsable "${common[@]}" --job-name=ty-simulate --array=0-$last "$recipe" \
       simulate "$d/simulation-parts" "$scenario" --trials "$trials" --seed "$seed")
j2=$(sbatch --parsable "${common[@]}" --job-name=ty-merge-sim --dependency=afterok:$j1 "$recipe" \
       merge "$d/simulation-parts" "$d/merged")
j3=$(sbatch --parsable "${common[@]}" --job-name=ty-plan --dependency=afterok:$j2 "$recipe" \
       plan "$d/merged/simulation.simpart" "$d/plan")
j4=$(sbatch --parsable "${common[@]}" --job-name=ty-evaluate --dependency=afterok:$j3 --array=0-$last "$recipe" \
       evaluate "$d/evaluation-parts" "$d/plan/sizing.simplan")
say "jobs $j1 (array) -> $j2 -> $j3 -> $j4 (array) -> final merge, waiting"
# sbatch --wait returns 0 for a job cancelled because a dependency failed: check every job's state.
j5=$(sbatch --parsable "${common[@]}" --job-name=ty-merge-eval --dependency=afterok:$j4 --wait "$recipe" \
  merge "$d/evaluation-parts" "$d/sharded") || true
chain_ok=1
for j in $j1 $j2 $j3 $j4 $j5; do
  states=$(scontrol --oneliner show job "$j")
  awk '{ o = "   "; for (i = 1; i <= NF; i++) if ($i ~ /^(JobId|ArrayJobId|ArrayTaskId|JobName|JobState|ExitCode)=/) o = o " " $i; print o }' <<<"$states"
  if grep -v -q 'JobState=COMPLETED' <<<"$states"; then chain_ok=0; fi
done
[[ $chain_ok == 1 && -f "$d/sharded/summary.json" ]] || { job_logs ty-; fail "typhoon chain failed (logs above and in $logs)"; }
grep -h -E '^(Merged|Sized|  sized)' "$logs"/job-ty-merge-sim-*.out "$logs"/job-ty-plan-*.out | sed 's/^/    /' || true
ls "$d/simulation-parts" "$d/evaluation-parts" | sed 's/^/    /'
say "typhoon sharded done; single-process reference: sim run --trials $trials --seed $seed --workers 1"
"${sim[@]}" run "$scenario" --trials "$trials" --seed "$seed" --workers 1 --quiet --out "$d/single"
ty_ok=0
if node "$repo/scripts/cluster/compare-outputs.mjs" "$d/single" "$d/sharded" | sed 's/^/    /'; then ty_ok=1; fi

# --- flood: one phase (no optimize)
scenario="$repo/scenarios/flood.yaml"
d="$run/flood"
say "flood ($trials trials, seed $seed, $shards shards): sbatch --array=0-$last --wait simulate"
sbatch --parsable "${common[@]}" --job-name=fl-simulate --array=0-$last --wait "$recipe" \
  simulate "$d/simulation-parts" "$scenario" --trials "$trials" --seed "$seed" >/dev/null \
  || { job_logs fl-simulate; fail "flood simulate array failed"; }
ls "$d/simulation-parts" | sed 's/^/    /'
# A lost shard: merge names it and refuses; rerunning just that index (SIM_SHARDS keeps it shard 2 of N) mends the set.
lost=$((shards / 2))
rm "$d/simulation-parts/simulation-$lost-of-$shards.simpart"
if "${sim[@]}" merge "$d/simulation-parts" --out "$d/refused" --quiet 2>"$d/refused.err"; then
  fail "sim merge accepted a set with shard $lost missing"
fi
grep -q "missing: $lost/$shards" "$d/refused.err" || fail "sim merge refused, but not naming shard $lost: $(cat "$d/refused.err")"
say "shard $lost deleted: sim merge refuses ($(cat "$d/refused.err")); rerunning just that index"
sbatch --parsable "${common[@]}" --job-name=fl-rerun --array=$lost --export=ALL,SIM_SHARDS=$shards --wait "$recipe" \
  simulate "$d/simulation-parts" "$scenario" --trials "$trials" --seed "$seed" >/dev/null \
  || { job_logs fl-rerun; fail "flood rerun of shard $lost failed"; }
sbatch --parsable "${common[@]}" --job-name=fl-merge --wait "$recipe" merge "$d/simulation-parts" "$d/sharded" >/dev/null \
  || { job_logs fl-merge; fail "flood merge failed"; }
[[ -f "$d/sharded/summary.json" ]] || { job_logs fl-merge; fail "flood merge wrote no summary.json"; }
"${sim[@]}" run "$scenario" --trials "$trials" --seed "$seed" --workers 1 --quiet --out "$d/single"
fl_ok=0
if node "$repo/scripts/cluster/compare-outputs.mjs" "$d/single" "$d/sharded" | sed 's/^/    /'; then fl_ok=1; fi

say "where each task ran (from the job logs; sacct is off here):"
grep -h -E '^sim: (simulate|evaluate) ' "$logs"/job-*.out | sort | sed 's/^/    /' || true

if [[ $ty_ok == 1 && $fl_ok == 1 ]]; then
  say "PASS: Slurm arrays of $shards shards give the single run's outputs (typhoon two-phase, flood one-phase; summary.json outside engine)"
else
  fail "sharded outputs differ from the single run's (typhoon ok=$ty_ok, flood ok=$fl_ok); outputs in $run"
fi

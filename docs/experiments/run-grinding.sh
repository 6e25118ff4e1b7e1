#!/usr/bin/env bash
# The grinding experiment of docs/experiments/README.md ("Grinding the leader selection"): the
# Byzantine members' share of the senate seats against their grinding effort K, for the director
# competition (PROTOCOL §6) and the VRF lottery (§6a), at 10%, 20% and 30% Byzantine stake, all
# SIMULATED. Ten equal stakeholders (10 nodes), ten seats drawn with replacement (the original's
# draw), T = 1, 2, 3 Byzantine members in `--byzantine-mode grind`, one fixed seed per point.
#   director: K in {1, 2, 4, ..., 1024}, DIRECTOR_HEIGHTS heights per point (33 runs)
#   vrf:      K has no lever (a proof is unique; withholding is the only move), so one run per
#             stake with VRF_HEIGHTS heights, drawn flat across K
# The 95% intervals are batch means over consecutive heights of one run (10 batches, Student t).
# Run it from the repository root after `./mvnw -DskipTests package`; it writes
# docs/experiments/grinding/{grinding.csv,grinding.png,command.txt}. About 10 minutes on 2 cores
# (measured: see command.txt).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

SEED=19
DIRECTOR_HEIGHTS=600
VRF_HEIGHTS=2000
TRIES=1,2,4,8,16,32,64,128,256,512,1024
THREADS=2
dest=docs/experiments/grinding

machine() {
  echo "nproc: $(nproc); $(java -version 2>&1 | head -n 1); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
}

mkdir -p "$dest"
rm -f "$dest/grinding.csv"
echo "seed $SEED for every point"
started=$(date +%s)
director=(./lpos simulate --lottery director --nodes 10 --senate 10 --byzantine 1,2,3 --byzantine-mode grind
  --grind-tries "$TRIES" --heights "$DIRECTOR_HEIGHTS" --seed "$SEED" --threads "$THREADS" --progress-every 1000
  --grind-out "$dest")
vrf=(./lpos simulate --lottery vrf --nodes 10 --senate 10 --byzantine 1,2,3 --byzantine-mode grind
  --grind-tries 1 --heights "$VRF_HEIGHTS" --seed "$SEED" --threads "$THREADS" --progress-every 1000
  --grind-out "$dest")
"${director[@]}" | grep -E '^(seed|OK|FAILED|Byzantine seat share|wall|chart)'
"${vrf[@]}" | grep -E '^(seed|OK|FAILED|Byzantine seat share|wall|chart)'
elapsed=$(( $(date +%s) - started ))
{
  printf '%q ' "${director[@]}"; echo
  printf '%q ' "${vrf[@]}"; echo
  echo "wall: ${elapsed} s"
  machine
} > "$dest/command.txt"
echo "run-grinding: ${elapsed} s; rows in $dest/grinding.csv, chart $dest/grinding.png"

#!/usr/bin/env bash
# The fault grid of docs/experiments/README.md ("Faults: measured and simulated side by side"):
# 4 and 7 nodes x T in {0, f} (silent: staked, never started) x links in {loopback, "delay=50ms
# jitter=10ms loss=1%"} at half of each population's saturation, measured on local processes
# (40 s per run, 8 runs, about 8 minutes, then two perturbed runs of 60 s) and the same grid in
# the simulator. Run it from the
# repository root after `./mvnw -DskipTests package`:
#   docs/experiments/run-faults.sh             # measured + simulated
#   docs/experiments/run-faults.sh --sim-only  # only the simulated grid (about 2 minutes)
# Each part works in out/faults-*/ (every node's files stay there) and copies results.csv, the
# PNG charts and command.txt (the commands and the machine) to docs/experiments/faults/ and
# docs/experiments/faults-sim/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# Half of saturation, from the committed baseline (docs/experiments/baseline, 40 s runs on these
# 2-core machines): 4 nodes commit ~1,085 tx/s offered 1,200 and 7 nodes ~650 tx/s offered
# 1,050-2,100, so 150 tx/s per node (600 offered) for 4 nodes and 50 per node (350) for 7.
GRID=("4 1 150" "7 2 50")   # population, f = floor((N-1)/3), load-rate per node
DEGRADED="delay=50ms jitter=10ms loss=1%"
# The simulator stops at a height, not a time: these give about 20 s (loopback) and 40 s (50 ms
# links) of simulated time with T = 0; a stalled T = f run ends at the liveness bound.
SIM_HEIGHTS_LOOPBACK=2000
SIM_HEIGHTS_DEGRADED=200
SEED=42

machine() {
  echo "nproc: $(nproc); $(java -version 2>&1 | head -n 1); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
}

publish() {
  local work="$1" dest="$2" commands="$3"
  mkdir -p "$dest"
  cp "$work/results.csv" "$dest/"
  cp "$work"/*.png "$dest/"
  { echo "$commands"; machine; } > "$dest/command.txt"
}

stamp="$(date -u +%Y%m%d-%H%M%S)"
mkdir -p out

if [ "${1:-}" != "--sim-only" ]; then
  work="out/faults-$stamp"
  commands=""
  append=()
  for point in "${GRID[@]}"; do
    read -r p f rate <<< "$point"
    measured=(./lpos experiment --population "$p" --senate "$p" --byzantine "0,$f" --byzantine-mode silent
      --experiment load-rate --param "$rate" --netem loopback --netem "$DEGRADED" --duration 40s
      --out "$work" "${append[@]}")
    commands+="$(printf '%q ' "${measured[@]}")"$'\n'
    "${measured[@]}" || echo "run-faults: some runs committed nothing or disagreed; see the CSV" >&2
    append=(--append)
  done
  # The perturbation rows: 4 nodes at the same load on both kinds of links, with a kill and
  # restart, a pause and a 2|2 partition (times after the network is up); the CSV gets the
  # schedule and the longest recovery, each run its timeline.png.
  perturbed=(./lpos experiment --population 4 --senate 4 --byzantine 0 --experiment load-rate --param 150
    --netem loopback --netem "$DEGRADED" --duration 60s
    --perturb "kill:node-3@10s,restart:node-3@20s,pause:node-2@28s+6s,partition:{0,1}|{2,3}@40s+8s"
    --out "$work" --append)
  commands+="${perturbed[*]}"$'\n'
  "${perturbed[@]}" || echo "run-faults: a perturbed run failed its end checks; see the output above" >&2
  publish "$work" docs/experiments/faults "$commands"
  for run in "$work"/runs/*; do
    [ -f "$run/timeline.png" ] && cp "$run/timeline.png" "docs/experiments/faults/timeline-$(basename "$run").png"
  done
fi

work="out/faults-sim-$stamp"
commands=""
append=()
for point in "${GRID[@]}"; do
  read -r p f rate <<< "$point"
  for links in loopback "$DEGRADED"; do
    heights=$SIM_HEIGHTS_DEGRADED
    [ "$links" = loopback ] && heights=$SIM_HEIGHTS_LOOPBACK
    simulated=(./lpos simulate --nodes "$p" --senate "$p" --byzantine "0,$f" --byzantine-mode silent
      --experiment load-rate --param "$rate" --netem "$links" --seat-draw distinct --heights "$heights" --seed "$SEED"
      --progress-every 100000 --out "$work" "${append[@]}")
    commands+="$(printf '%q ' "${simulated[@]}")"$'\n'
    "${simulated[@]}" >> "$work.log" || echo "run-faults: a simulation checker failed; see $work.log" >&2
    append=(--append)
  done
done
publish "$work" docs/experiments/faults-sim "$commands"
echo "run-faults: published docs/experiments/faults*/ (results.csv, charts, command.txt)"

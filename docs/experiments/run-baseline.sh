#!/usr/bin/env bash
# The baseline experiment set of docs/experiments/README.md. Run it from the repository root on an
# otherwise idle machine (it starts up to 11 JVMs per run and measures their CPU):
#   docs/experiments/run-baseline.sh            # measured baseline (12 runs, about 10 min) + simulation (a few minutes)
#   docs/experiments/run-baseline.sh --full     # the issue's full grid instead (72 runs, about 1.5 h)
#   docs/experiments/run-baseline.sh --sim-only # only the simulated population sweep
# Each part works in out/baseline-*/ (every node's files, kept there) and copies results.csv
# and the PNG charts to docs/experiments/baseline/ and docs/experiments/baseline-sim/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

machine() {
  echo "nproc: $(nproc); $(java -version 2>&1 | head -n 1); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
}

publish() {
  local work="$1" dest="$2"
  mkdir -p "$dest"
  cp "$work/results.csv" "$dest/"
  cp "$work"/*.png "$dest/"
  { echo "$3"; machine; } > "$dest/command.txt"
}

stamp="$(date -u +%Y%m%d-%H%M%S)"
mkdir -p out

if [ "${1:-}" != "--sim-only" ]; then
  if [ "${1:-}" = "--full" ]; then
    measured=(./lpos experiment --population 4,7,10 --senate 4,7,10 --byzantine 0,1 --experiment load-rate
      --param 100,500,1000,2000 --duration 60s --out "out/baseline-$stamp")
  else
    measured=(./lpos experiment --population 4,7 --senate 4,7 --byzantine 0 --experiment load-rate
      --param 50,150,300 --duration 40s --out "out/baseline-$stamp")
  fi
  "${measured[@]}" || echo "run-baseline: some runs committed nothing or disagreed; see the CSV" >&2
  publish "out/baseline-$stamp" docs/experiments/baseline "${measured[*]}"
fi

simulated=(./lpos simulate --nodes 10,100,300,1000 --senate 4,10 --heights 50 --experiment load-rate --param 2
  --seed 42 --progress-every 1000 --out "out/baseline-sim-$stamp")
"${simulated[@]}" > "out/baseline-sim-$stamp.log" \
  || echo "run-baseline: a simulation checker failed; see out/baseline-sim-$stamp.log" >&2
publish "out/baseline-sim-$stamp" docs/experiments/baseline-sim "${simulated[*]}"
echo "run-baseline: published docs/experiments/baseline*/ (results.csv, charts, command.txt)"

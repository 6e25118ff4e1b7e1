#!/usr/bin/env bash
# Runs the chain-lib JMH benchmarks (chain-lib/src/test/java/org/lpos/chain/bench).
#
#   chain-lib/bench.sh [JMH arguments...]
#
# Builds chain-lib and its test classes with the Maven wrapper, then runs org.openjdk.jmh.Main on
# the test classpath; every argument goes to JMH unchanged. Examples:
#   chain-lib/bench.sh                                  # everything, with the defaults in the classes
#   chain-lib/bench.sh -f 1 -wi 3 -i 5 Signature        # one benchmark class, fewer iterations
#   chain-lib/bench.sh -p utxos=1000000 SenateDraw      # one parameter value
#   chain-lib/bench.sh -rf json -rff docs/bench.json    # also write machine-readable results
#   chain-lib/bench.sh -l                               # list the benchmarks
# JMH runs from the repository root, so relative paths (-rff) are relative to it.
# Set JAVA_HOME to measure on another JDK; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

classpath_file=chain-lib/target/bench-classpath.txt
./mvnw -q -B -pl chain-lib -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$(pwd)/$classpath_file" -Dmdep.includeScope=test >&2

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" -cp "chain-lib/target/test-classes:chain-lib/target/classes:$(cat "$classpath_file")" \
  org.openjdk.jmh.Main "$@"

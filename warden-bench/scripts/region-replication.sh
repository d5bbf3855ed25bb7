#!/usr/bin/env bash
# IAM replication lag between regions (issue 24: p99 at most 2 s with 100 ms of latency between regions). Three
# regions in one JVM, the members 100 ms (each way) from the control region through a delaying TCP proxy; CHANGES IAM
# changes made through the control region's admin API, each timed until both members applied it.
# Usage: warden-bench/scripts/region-replication.sh [CHANGES] [DELAY_MS]   (from the repository's root)
# Build the jar: mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl warden-bench -am
set -euo pipefail
jar="$(realpath "${JAR:-warden-bench/target/warden-bench.jar}")"
out="${OUT:-/tmp/region-replication}"
mkdir -p "$out"
stamp=$(date +%Y%m%dT%H%M%S)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (before)"
java -cp "$jar" dev.warden.bench.RegionReplicationBench "${1:-200}" "${2:-100}" 2>"$out/log-$stamp.txt" \
  | tee "$out/summary-$stamp.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (after)"

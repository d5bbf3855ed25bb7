#!/usr/bin/env bash
# Failover time (issue 24: 1,000 devices connected to the standby within 60 s of the failover being declared). Two
# regions in one JVM (eu-west-1 and its standby eu-central-1); DEVICES devices with the SDK (eu-central-1 as their
# alternate gateway, reconnect backoff 0.5 s doubling to MAX_BACKOFF_S); eu-west-1 stopped, the failover declared in
# eu-central-1 OUTAGE_S later, each device's reconnection there timed from the declaration.
# Usage: warden-bench/scripts/region-failover.sh [DEVICES] [MAX_BACKOFF_S] [OUTAGE_S]   (from the repository's root)
# Build the jar: mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl warden-bench -am
set -euo pipefail
jar="$(realpath "${JAR:-warden-bench/target/warden-bench.jar}")"
out="${OUT:-/tmp/region-failover}"
mkdir -p "$out"
stamp=$(date +%Y%m%dT%H%M%S)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (before)"
java -cp "$jar" dev.warden.bench.RegionFailoverBench "${1:-1000}" "${2:-5}" "${3:-30}" 2>"$out/log-$stamp.txt" \
  | tee "$out/summary-$stamp.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (after)"

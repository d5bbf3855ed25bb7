#!/usr/bin/env bash
# Security monitoring's figures that need a running node (issue 21, "Speed and scale"), in one run of
# dev.warden.bench.load.MonitoringBench:
#  1. overhead: the gateway's connection rate and QoS 0/1 throughput with monitoring on beside off (two nodes from
#     one data directory, WARDEN_MONITOR=on and off, alternating rounds after a discarded warm-up round each), with
#     4,000 devices at up to 14 messages/s each: the node saturates, and no device crosses the flood threshold;
#  2. detection latency: 30 trials of each attack of the built-in profile (authorization-failure burst, message
#     flood, shared certificate with its automatic quarantine, handshake-failure burst) against the node with
#     monitoring on while its 1,000 devices publish 1 QoS 1 message a second each.
# The output (raw lines, then two Markdown tables) goes to the terminal and to $OUT/monitoring-<time>.txt, with the
# host's load average before, between the phases and after. About 9 minutes on 2 cores.
#
# Usage: warden-bench/scripts/monitoring.sh [MonitoringBench options, e.g. --phases latency --trials 50]
# Needs: java 17 and maven (the script builds warden-bench.jar and warden.jar; SKIP_BUILD=1 uses the jars as they are).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${OUT:-/tmp/monitoring-bench}"
mkdir -p "$out"
stamp=$(date +%Y%m%dT%H%M%S)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$root" && mvn -B -q -o package -pl warden-bench,warden-cli -am -DskipTests)
fi
echo "commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' (with uncommitted changes)')," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/monitoring-$stamp.txt"
# An empty working directory: the nodes must not read the caller's warden.yaml.
cd "$(mktemp -d)"
java -cp "$root/warden-bench/target/warden-bench.jar" dev.warden.bench.load.MonitoringBench \
  --warden-jar "$root/warden-cli/target/warden.jar" "$@" 2>&1 | tee -a "$out/monitoring-$stamp.txt"
echo "output: $out/monitoring-$stamp.txt"

#!/usr/bin/env bash
# A rollout to real devices (issue 25): DEVICES device SDKs on their own mTLS MQTT connections, each refreshing TUF
# metadata, downloading a 1 MiB image over HTTPS and verifying it before it reports success; the job at RATE per minute.
# Usage: warden-bench/scripts/device-rollout.sh [DEVICES] [RATE]   (from the repository's root)
# Build the jar: mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl warden-bench -am
set -euo pipefail
jar="$(realpath "${JAR:-warden-bench/target/warden-bench.jar}")"
out="${OUT:-/tmp/device-rollout-bench}"
mkdir -p "$out"
stamp=$(date +%Y%m%dT%H%M%S)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (before)"
java -cp "$jar" dev.warden.bench.DeviceRolloutBench "${1:-200}" "${2:-100}" 2>"$out/log-$stamp.txt" \
  | tee "$out/summary-$stamp.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (after)"

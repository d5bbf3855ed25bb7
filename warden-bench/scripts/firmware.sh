#!/usr/bin/env bash
# Firmware figures (issue 25): publishing throughput of 1 MiB releases (hashed, stored encrypted, TUF metadata signed
# by KMS keys), with the KMS master key in a file and in SoftHSM2, and with the TUF keys themselves in SoftHSM2 (KMS
# keys of origin HSM); and a rollout of DEVICES things at RATE per minute.
# Usage: warden-bench/scripts/firmware.sh [RELEASES] [DEVICES] [RATE]   (from the repository's root)
# Build the jar: mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl warden-bench -am
set -euo pipefail
jar="$(realpath "${JAR:-warden-bench/target/warden-bench.jar}")"
out="${OUT:-/tmp/firmware-bench}"
mkdir -p "$out/softhsm"
export SOFTHSM2_CONF="$out/softhsm/softhsm2.conf"
stamp=$(date +%Y%m%dT%H%M%S)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (before)"
java -cp "$jar" dev.warden.bench.FirmwareBench "${1:-30}" "${2:-1000}" "${3:-500}" 2>"$out/log-$stamp.txt" \
  | tee "$out/summary-$stamp.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (after)"

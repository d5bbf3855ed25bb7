#!/usr/bin/env bash
# Warden's gateway against Mosquitto, side by side in one run (dev.warden.bench.load.GatewayVsMosquitto: both brokers
# as child processes, the same devices, alternating rounds, one load generator on the same cores). Any option is passed
# through to the harness (every option and its default: LoadOptions); the load averages before and after and the time
# are printed with the result, and the whole output is kept under $OUT.
#
# Usage: warden-bench/scripts/gateway-vs-mosquitto.sh [HARNESS OPTIONS...]        (from the repository's root)
#   the saturation run of BENCHMARKS.md:
#     warden-bench/scripts/gateway-vs-mosquitto.sh --fleet 1000 --publishers 200,1000 --rate 80 --idle 1100 \
#       --revocations 0 --rounds 2 --warmup 2 --seconds 5 --reconnect 0
#   the full main run:  warden-bench/scripts/gateway-vs-mosquitto.sh --idle 10500
# Needs: java 17, mosquitto, openssl; the jars:
#   mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl warden-bench,warden-cli -am
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="${BENCH_JAR:-$root/warden-bench/target/warden-bench.jar}"
warden="${WARDEN_JAR:-$root/warden-cli/target/warden.jar}"
out="${OUT:-/tmp/gateway-vs-mosquitto}"
mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
{
  echo "started $stamp on $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "options: $*"
} | tee "$out/summary-$stamp.txt"
java -cp "$bench" dev.warden.bench.load.GatewayVsMosquitto --warden-jar "$warden" "$@" 2>"$out/log-$stamp.txt" \
  | tee -a "$out/summary-$stamp.txt"
echo "finished $(date -u +%Y%m%dT%H%M%SZ); load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary-$stamp.txt"

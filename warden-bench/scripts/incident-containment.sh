#!/usr/bin/env bash
# Incident containment (issue 23's goal: first attack packet -> device quarantined and its certificate revoked in at
# most 10 s p99; the seed allows 5 minutes for triage alone). Starts a node on a temporary directory with the
# built-in profile and playbooks, runs the compromised-device drill RUNS times against it (each a new device whose
# certificate is shared from 127.0.0.2), and prints detection and containment times: min, p50, p90, p99, max.
# Usage: warden-bench/scripts/incident-containment.sh [RUNS]   (from the repository's root; builds the jar if needed)
set -euo pipefail
runs="${1:-30}"
root="$(pwd)"
out="${OUT:-/tmp/incident-containment}"
mkdir -p "$out"
stamp=$(date +%Y%m%dT%H%M%S)
data="$(mktemp -d)/data"
export WARDEN_ADMIN_PORT=${WARDEN_ADMIN_PORT:-18443} WARDEN_PUBLIC_PORT=${WARDEN_PUBLIC_PORT:-18080}
export WARDEN_MQTT_PORT=${WARDEN_MQTT_PORT:-18883}
"$root/warden" server --data "$data" > "$out/server-$stamp.log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -sf "http://localhost:$WARDEN_PUBLIC_PORT/health" >/dev/null && break; sleep 1; done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (before)"
: > "$out/runs-$stamp.txt"
for i in $(seq "$runs"); do
  "$root/warden" incident drill compromised-device --data "$data" > "$out/drill-$stamp-$i.txt"
  grep -oE "detected [0-9.]+ s after the attack began, contained [0-9.]+ s" "$out/drill-$stamp-$i.txt" \
    | awk '{print $2, $9}' >> "$out/runs-$stamp.txt"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (after)"
for col in 1 2; do
  name=$([ $col = 1 ] && echo "detected" || echo "contained")
  cut -d' ' -f$col "$out/runs-$stamp.txt" | sort -n | awk -v name="$name" '
    {v[NR]=$1}
    END {
      n=NR; if (n == 0) { print name ": no runs"; exit 1 }
      i50=int(0.5*n+0.999); i90=int(0.9*n+0.999); i99=int(0.99*n+0.999)
      printf "%s after the first attack packet (s), %d runs: min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n",
        name, n, v[1], v[i50], v[i90], v[i99], v[n]
    }'
done | tee "$out/summary-$stamp.txt"

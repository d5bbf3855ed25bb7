#!/usr/bin/env bash
# The audit trail's throughput before and after the integrity work (issue 18), side by side in one run:
# bench jars A (before) and B (after) alternate A B A B for appends, verification and issuance with its record.
# Usage: warden-bench/scripts/audit-integrity.sh BEFORE.jar AFTER.jar [rounds]
# Build a jar: mvn -B -q -DskipTests package -pl warden-bench -am (at the commit to measure; copy it away).
set -euo pipefail
before="$(realpath "$1")"; after="$(realpath "$2")"; rounds="${3:-2}"
out="${OUT:-/tmp/audit-integrity}"
mkdir -p "$out"
# An empty working directory: a node started by a benchmark must not read the caller's warden.yaml.
cd "$(mktemp -d)"
jmh() { # jar label benchmark-regex
  java -jar "$1" "$3" -f 1 -wi 1 -i 3 -w 5s -r 5s -rf json -rff "$out/$2-$(date +%s%N).json" 2>&1 \
    | { grep -E "^(AuditBenchmark|IssuanceBenchmark)\.|Exception|Error:" || echo "no result for $3"; } | sed "s/^/$2 /"
}
for r in $(seq 1 "$rounds"); do
  for side in before after; do
    jar=$([ "$side" = before ] && echo "$before" || echo "$after")
    jmh "$jar" "$side" 'AuditBenchmark.(appendBurstDurable|appendDurableConcurrent|verifyFromStore)'
    if [ "$side" = before ]; then
      jmh "$jar" "$side" 'IssuanceBenchmark.issueFromCsr$'
    else
      jmh "$jar" "$side" 'IssuanceBenchmark.issueFromCsr(WithIntent)?$'
    fi
  done
done

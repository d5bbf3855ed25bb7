#!/usr/bin/env bash
# The detection engine's figures (issue 21): JMH throughput of observe and cost of evaluate with the built-in
# profile over 1,000 and 10,000 devices (one thread), then memory per monitored device (JOL), with the host's load
# average before and after each step, since a busy host lowers the JMH figures.
# Usage: warden-bench/scripts/detection-engine.sh [BENCH.jar] [extra JMH options, e.g. -prof gc]
# Build the jar: mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl warden-bench -am
set -euo pipefail
jar="$(realpath "${1:-warden-bench/target/warden-bench.jar}")"
shift || true
out="${OUT:-/tmp/detection-engine}"
mkdir -p "$out"
stamp=$(date +%Y%m%dT%H%M%S)
load() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($1)"; }
cd "$(mktemp -d)"
load "before JMH"
java -jar "$jar" 'DetectionEngineBench' -f 1 -wi 3 -w 3s -i 5 -r 3s "$@" \
  -rf json -rff "$out/jmh-$stamp.json" 2>&1 | tee "$out/jmh-$stamp.txt" \
  | grep -E "^(Benchmark|DetectionEngineBench)|Exception|Error:"
load "after JMH"
# JOL sizes objects with the JVM's Instrumentation, which it attaches to itself.
java -Djdk.attach.allowAttachSelf=true -cp "$jar" dev.warden.bench.DetectionEngineMemory 1000 10000 100000 \
  2>&1 | grep -v "^# WARNING" | tee "$out/memory-$stamp.txt"
load "after memory"

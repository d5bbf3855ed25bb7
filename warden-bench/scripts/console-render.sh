#!/usr/bin/env bash
# The console's pages with a large fleet (issue 26: each page rendered in at most 100 ms on the node). One node in one
# JVM on SQLite with THINGS things, an operator signed in with password and TOTP over HTTPS, each page fetched ROUNDS
# times on a keep-alive connection; prints p50/p90/p99/max per page (request sent to body read).
# Usage: warden-bench/scripts/console-render.sh [THINGS] [ROUNDS]   (from the repository's root)
# Build the jar: mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl warden-bench -am
set -euo pipefail
jar="$(realpath "${JAR:-warden-bench/target/warden-bench.jar}")"
out="${OUT:-/tmp/console-render}"
mkdir -p "$out"
stamp=$(date +%Y%m%dT%H%M%S)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (before)"
java -cp "$jar" dev.warden.bench.ConsoleRenderBench "${1:-100000}" "${2:-200}" 2>"$out/log-$stamp.txt" \
  | tee "$out/summary-$stamp.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (after)"

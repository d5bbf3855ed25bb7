#!/usr/bin/env bash
# CLI latency, node start-up and idle footprint, measured as whole processes, A/B alternating, medians.
#
#   A_CMD="java -jar /tmp/warden-before.jar" B_CMD="./warden" warden-bench/scripts/cli-startup.sh
#
# A_CMD and B_CMD are how to run Warden (split on spaces); B defaults to the ./warden launcher of this checkout,
# A to plain `java -jar` of the checkout's jar (what the launcher did before it set JVM options). The peer of an
# admin command is curl of the same route with the same credential. Everything runs on one empty node (SQLite, its
# own temporary data directory, free ports). Knobs: RUNS (CLI runs per variant, default 7), STARTS (node starts per
# variant, default 3), IDLE (seconds an idle node sits before its RSS is read, default 45: the launcher gives idle memory back after 30 s), KEEP=1 keeps the data.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS=${RUNS:-7}
STARTS=${STARTS:-3}
IDLE=${IDLE:-45}
read -r -a A <<<"${A_CMD:-java -jar $root/warden-cli/target/warden.jar}"
read -r -a B <<<"${B_CMD:-$root/warden}"
work="$(mktemp -d /tmp/warden-cli-bench.XXXXXX)"
data="$work/data"
node_pid=""
cleanup() {
  [ -n "$node_pid" ] && kill -TERM "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
  [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
# ms CMD...: "wall cpu" of one run in milliseconds (cpu = user + system of the process and its children, which
# moves less than wall time when other builds share the machine); fails when the command fails.
ms() {
  local s e
  s=$(now_us)
  /usr/bin/time -o "$work/time" -f "%U %S" "$@" >"$work/out" 2>"$work/err" || { echo "FAILED: $* ($(head -c 300 "$work/err"))" >&2; return 1; }
  e=$(now_us); echo "$(((e - s) / 1000)) $(awk '{printf "%d", ($1 + $2) * 1000}' "$work/time")"
}
# cli METRIC VARIANT CMD...: one run, recorded as METRIC (wall) and METRIC_cpu.
cli() {
  local m=$1 v=$2 t; shift 2
  t=$(ms "$@") || return 0
  record "$m" "$v" "${t% *}"; record "${m}_cpu" "$v" "${t#* }"
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
json_field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" "$data/endpoints.json"; }
port_of() { echo "${1##*:}"; }
tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_node VARIANT_NAME ARGS...: starts a node in the background (node_pid) and waits until /health answers 200.
# Sets T_MQTT and T_HEALTH (ms from the start command).
start_node() {
  local label=$1; shift
  local s t_mqtt="" t_health="" i
  s=$(now_us)
  "$@" server --data "$data" --admin-port "${ADMIN_PORT:-0}" --public-port "${PUBLIC_PORT:-0}" --mqtt-port "${MQTT_PORT:-0}" \
      >>"$work/node-$label.log" 2>&1 &
  node_pid=$!
  for ((i = 0; i < 6000; i++)); do
    if [ -z "$t_mqtt" ] && [ -n "${MQTT_PORT:-}" ] && tcp_open "$MQTT_PORT"; then t_mqtt=$(now_us); fi
    if [ -n "${PUBLIC_PORT:-}" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PUBLIC_PORT/health")" = 200 ]; then
      t_health=$(now_us); [ -z "$t_mqtt" ] && tcp_open "$MQTT_PORT" && t_mqtt=$t_health
      break
    fi
    if [ -z "${PUBLIC_PORT:-}" ] && [ -f "$data/endpoints.json" ]; then t_health=$(now_us); break; fi
    kill -0 "$node_pid" 2>/dev/null || { echo "node ($label) died: $(tail -5 "$work/node-$label.log")" >&2; exit 1; }
    sleep 0.02
  done
  [ -n "$t_health" ] || { echo "node ($label) did not become healthy" >&2; exit 1; }
  T_MQTT=$(((${t_mqtt:-$t_health} - s) / 1000)); T_HEALTH=$(((t_health - s) / 1000))
}
# stop_node: SIGTERM, wait for the exit; sets T_STOP (ms).
stop_node() {
  local s e
  s=$(now_us); kill -TERM "$node_pid"; wait "$node_pid" 2>/dev/null; e=$(now_us); node_pid=""
  T_STOP=$(((e - s) / 1000))
}

load0="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "warm-up (the launcher builds the jar and its class-data archive on first use)..." >&2
"${B[@]}" --version >/dev/null
"${A[@]}" --version >/dev/null

echo "initialising an empty node (first start, not measured)..." >&2
start_node init "${B[@]}"
ADMIN_PORT=$(port_of "$(json_field admin)"); PUBLIC_PORT=$(port_of "$(json_field public)"); MQTT_PORT=$(port_of "$(json_field mqtt)")
stop_node

: >"$work/results"
record() { echo "$1 $2 $3" >>"$work/results"; }   # metric variant value

echo "node starts: $STARTS per variant, alternating..." >&2
for ((r = 0; r < STARTS; r++)); do
  for v in A B; do
    if [ $v = A ]; then start_node A "${A[@]}"; else start_node B "${B[@]}"; fi
    record start_to_mqtt $v "$T_MQTT"; record start_to_health $v "$T_HEALTH"
    if ((r == 0)); then sleep "$IDLE"; record idle_rss_mib $v "$(($(ps -o rss= -p "$node_pid") / 1024))"; fi
    stop_node; record stop $v "$T_STOP"; record down $v "$((T_STOP + T_MQTT))"
  done
done

echo "CLI: $RUNS runs per variant, alternating..." >&2
start_node cli "${B[@]}"
cat >"$work/policy.json" <<'EOF'
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iot:Connect"],"Resource":"arn:warden:iot:eu-west-1:default:client/${iot:Connection.Thing.ThingName}"}]}
EOF
token="$(cat "$data/admin-credential")"
for ((r = 0; r < RUNS; r++)); do
  for v in A B; do
    if [ $v = A ]; then cmd=("${A[@]}"); else cmd=("${B[@]}"); fi
    cli version $v "${cmd[@]}" --version
    cli offline_policy_validate $v "${cmd[@]}" policy validate "$work/policy.json"
    cli admin_device_list $v "${cmd[@]}" device list --data "$data"
  done
  cli admin_device_list curl curl -sfk -H "Authorization: Bearer $token" "https://127.0.0.1:$ADMIN_PORT/things"
done
stop_node

echo "load average before/after: $load0 / $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-30s %10s %10s %10s   (ms, MiB for RSS; medians)\n' metric A B curl
for m in version version_cpu offline_policy_validate offline_policy_validate_cpu admin_device_list admin_device_list_cpu start_to_mqtt start_to_health stop down idle_rss_mib; do
  printf '%-30s' "$m"
  for v in A B curl; do printf ' %10s' "$(awk -v m=$m -v v=$v '$1==m && $2==v {print $3}' "$work/results" | median)"; done
  echo
done
echo "A = ${A[*]}"
echo "B = ${B[*]}"
echo "raw: $(tr '\n' ';' <"$work/results")"

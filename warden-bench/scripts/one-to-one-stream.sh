#!/usr/bin/env bash
# One publisher streams N QoS 0 messages (mosquitto_pub -l) to one subscriber (mosquitto_sub) over mutual TLS,
# against a fresh Warden node and against Mosquitto, with the same device certificates (issued by the Warden node;
# Mosquitto trusts the node's CA chain). Prints, for each broker: delivered, dropped (N - delivered) and the time from
# the first publish to the last delivery; for Warden also what the gateway counted (warden gateway stats). Warden runs
# twice: the default (a slow subscriber loses messages, counted) and push-back (the subscriber is allowed iot:PushBack).
#
# Usage: warden-bench/scripts/one-to-one-stream.sh [N]        (default 200000)
# Needs: java 17, warden-cli/target/warden.jar (mvn -B -q -DskipTests package -pl warden-cli -am), mosquitto,
#        mosquitto_pub/mosquitto_sub, openssl, curl. Mosquitto's server certificate is a throwaway self-signed
#        P-256 one (the node's server key is sealed under its master key); client certificates are Warden's.
set -euo pipefail
N="${1:-200000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="${WARDEN_JAR:-$root/warden-cli/target/warden.jar}"
work="$(mktemp -d /tmp/warden-stream.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ADMIN=$(free_port); PUBLIC=$(free_port); MQTT=$(free_port); MOSQ=$(free_port)
data="$work/data"
# Client commands find the node through its data directory; only the server takes the ports.
warden() { java -jar "$JAR" "$@" --data "$data"; }

echo "work dir $work, $N messages"
# Telemetry storage off: the stream measures routing, as Mosquitto (persistence false) does; publish rate unlimited.
(cd "$work" && warden server --admin-port "$ADMIN" --public-port "$PUBLIC" --mqtt-port "$MQTT" \
    --telemetry-store off --mqtt-publish-rate 100000000 > "$work/warden.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PUBLIC/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PUBLIC/health" >/dev/null

warden device enroll bench-pub --out "$work/bench-pub" >/dev/null
warden device enroll bench-sub --out "$work/bench-sub" >/dev/null
cat > "$work/reader.json" <<JSON
{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "arn:warden:iot:eu-west-1:default:topicfilter/devices/bench-pub/stream"},
  {"Effect": "Allow", "Action": "iot:Receive", "Resource": "arn:warden:iot:eu-west-1:default:topic/devices/bench-pub/stream"}]}
JSON
warden policy create stream-reader --file "$work/reader.json" >/dev/null
warden policy attach stream-reader --thing bench-sub >/dev/null

seq 1 "$N" | sed 's/^/payload-of-a-telemetry-message-/' > "$work/lines"
ca="$data/pki/root.crt"

# run NAME PORT CAFILE: prints "NAME delivered dropped seconds"
run() {
  local name=$1 port=$2 cafile=$3 out="$work/$1.received"
  : > "$out"
  mosquitto_sub -h localhost -p "$port" --cafile "$cafile" -i bench-sub -q 0 \
      --cert "$work/bench-sub/bench-sub.crt" --key "$work/bench-sub/bench-sub.key" \
      -t devices/bench-pub/stream -C "$N" > "$out" 2>"$work/$name.sub.err" &
  local sub=$!
  pids+=($sub)
  sleep 1.5
  local start end last=-1 now count
  start=$(date +%s.%N)
  mosquitto_pub -h localhost -p "$port" --cafile "$cafile" -i bench-pub -q 0 \
      --cert "$work/bench-pub/bench-pub.crt" --key "$work/bench-pub/bench-pub.key" \
      -t devices/bench-pub/stream -l < "$work/lines"
  local pubdone; pubdone=$(date +%s.%N)
  end=$pubdone
  # Delivery ends when the subscriber has all N, or nothing has arrived for 3 s.
  local idle=0
  while kill -0 "$sub" 2>/dev/null && [ "$idle" -lt 30 ]; do
    count=$(wc -l < "$out")
    if [ "$count" -ne "$last" ]; then last=$count; end=$(date +%s.%N); idle=0; else idle=$((idle + 1)); fi
    sleep 0.1
  done
  if ! kill -0 "$sub" 2>/dev/null; then end=$(date +%s.%N); fi
  kill "$sub" 2>/dev/null || true
  count=$(wc -l < "$out")
  printf '%s delivered=%d dropped=%d time=%.1fs (publisher done after %.1fs)\n' "$name" "$count" $((N - count)) \
      "$(echo "$end - $start" | bc)" "$(echo "$pubdone - $start" | bc)"
}

run warden "$MQTT" "$ca"
echo "warden gateway stats:"
warden gateway stats | sed 's/^/  /'

# The same stream to a subscriber allowed iot:PushBack: its backlog holds the publisher instead of losing messages.
cat > "$work/push-back.json" <<JSON
{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "iot:PushBack", "Resource": "arn:warden:iot:eu-west-1:default:client/bench-sub"}]}
JSON
warden policy create stream-push-back --file "$work/push-back.json" >/dev/null
warden policy attach stream-push-back --thing bench-sub >/dev/null
run warden-push-back "$MQTT" "$ca"
echo "warden gateway stats (counters since the node started, both Warden runs):"
warden gateway stats | sed 's/^/  /'

# Mosquitto: TLS only, client certificate from the Warden CA chain, identity as user name, TLS 1.2 at least.
m="$work/mosquitto"; mkdir -p "$m"
curl -sf "http://127.0.0.1:$PUBLIC/ca/eu-west-1/chain.pem" > "$m/ca.pem"; cat "$ca" >> "$m/ca.pem"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost -keyout "$m/server.key" -out "$m/server.crt" 2>/dev/null
cat > "$m/mosquitto.conf" <<CONF
per_listener_settings false
persistence false
allow_anonymous false
user $(id -un)
log_dest stderr
log_type error
set_tcp_nodelay true
listener $MOSQ 127.0.0.1
cafile $m/ca.pem
certfile $m/server.crt
keyfile $m/server.key
require_certificate true
use_identity_as_username true
tls_version tlsv1.2
CONF
mosquitto -c "$m/mosquitto.conf" 2> "$m/log" &
pids+=($!)
sleep 1
cat "$m/server.crt" "$ca" > "$m/client-trust.pem"
run mosquitto "$MOSQ" "$m/client-trust.pem"
echo "date $(date -u +%Y-%m-%d), $(nproc) cores, $(mosquitto -h 2>/dev/null | head -1)"

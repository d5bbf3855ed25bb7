package dev.warden.bench;

import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.TargetKey;

/**
 * A fleet's gateway events, turned into the observations the detection engine takes, for its benchmarks. Per 100
 * events: 90 publishes (num-messages-sent and message-byte-size on the topic, the topic for num-distinct-topics),
 * 5 connects (num-connection-attempts, the address for connected-from-distinct-ips and source-ip-address, the
 * client ID for num-client-ids, the connection for disconnect-duration), 4 authorization denials on a topic, and
 * 1 failed TLS handshake from one of 256 addresses. That is 3.00 observations per event on average, of which the
 * built-in profile watches 1.05 (messages sent, connection attempts, distinct addresses, denials, handshake
 * failures); the others return at the engine's first lookup. Each event gives the observations the node's taps
 * ({@code dev.warden.monitor.taps}) give for it; disconnects (two observations each, none watched by the built-in
 * profile) are left out.
 *
 * <p>Every observation is allocated as the event arrives, as the node's producers do; names, topics and addresses
 * are made once, as the gateway holds them.
 */
final class MonitorFleet {
    private static final String[] LEAVES = {"telemetry", "status", "events", "shadow/update"};
    private static final int ADDRESSES = 256;

    private final TargetKey[] things;
    private final String[] names;
    private final String[][] topics;
    private final String[] addresses;
    private final TargetKey[] sources;
    private long random = 0x9E3779B97F4A7C15L;

    MonitorFleet(int size) {
        things = new TargetKey[size];
        names = new String[size];
        topics = new String[size][LEAVES.length + 1];
        addresses = new String[size];
        for (int i = 0; i < size; i++) {
            names[i] = "dev-" + i;
            things[i] = TargetKey.thing(names[i]);
            for (int t = 0; t < LEAVES.length; t++) {
                topics[i][t] = "devices/" + names[i] + "/" + LEAVES[t];
            }
            // Where its denials go: a topic its policy does not allow.
            topics[i][LEAVES.length] = "devices/dev-" + (i + 1) + "/cmd";
            addresses[i] = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
        }
        sources = new TargetKey[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++) {
            sources[i] = TargetKey.sourceIp("198.51.100." + i);
        }
    }

    int size() {
        return things.length;
    }

    /** Feeds one event of the mix, at {@code now}, for a thing drawn at random; returns the observations fed. */
    int feed(DetectionEngine engine, long now) {
        long r = next();
        int kind = (int) ((r >>> 33) % 100);
        int i = (int) ((r & 0xFFFF_FFFFL) % things.length);
        if (kind < 90) {
            return publish(engine, i, topics[i][kind & 3], now);
        }
        if (kind < 95) {
            return connect(engine, i, now);
        }
        if (kind < 99) {
            engine.observe(Observation.onTopic(
                    things[i], Metric.NUM_AUTHORIZATION_FAILURES, 1, topics[i][LEAVES.length], now));
            return 1;
        }
        engine.observe(Observation.count(sources[i & (ADDRESSES - 1)], Metric.NUM_TLS_HANDSHAKE_FAILURES, 1, now));
        return 1;
    }

    /**
     * Second {@code second} of a quiet device {@code i}: a publish every second, and every tenth second (a different
     * one per device) a connect and a denial, so that it holds every state the built-in profile keeps for a device
     * without violating any behaviour.
     */
    void quietSecond(DetectionEngine engine, int i, long second, long now) {
        publish(engine, i, topics[i][(int) (second & 3)], now);
        if ((second + i) % 10 == 0) {
            connect(engine, i, now);
            engine.observe(Observation.onTopic(
                    things[i], Metric.NUM_AUTHORIZATION_FAILURES, 1, topics[i][LEAVES.length], now));
        }
    }

    private int publish(DetectionEngine engine, int i, String topic, long now) {
        engine.observe(Observation.onTopic(things[i], Metric.NUM_MESSAGES_SENT, 1, topic, now));
        engine.observe(Observation.onTopic(things[i], Metric.MESSAGE_BYTE_SIZE, 120, topic, now));
        engine.observe(Observation.item(things[i], Metric.NUM_DISTINCT_TOPICS, topic, now));
        return 3;
    }

    private int connect(DetectionEngine engine, int i, long now) {
        engine.observe(Observation.count(things[i], Metric.NUM_CONNECTION_ATTEMPTS, 1, now));
        engine.observe(Observation.item(things[i], Metric.CONNECTED_FROM_DISTINCT_IPS, addresses[i], now));
        engine.observe(Observation.item(things[i], Metric.SOURCE_IP_ADDRESS, addresses[i], now));
        engine.observe(Observation.item(things[i], Metric.NUM_CLIENT_IDS, names[i], now));
        engine.observe(Observation.connection(names[i], true, now));
        return 5;
    }

    /** xorshift64*: cheap enough not to weigh on what is measured, and the same sequence on every run. */
    private long next() {
        random ^= random >>> 12;
        random ^= random << 25;
        random ^= random >>> 27;
        return random * 0x2545F4914F6CDD1DL;
    }
}

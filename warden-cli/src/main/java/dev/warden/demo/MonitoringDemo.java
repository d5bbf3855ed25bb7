package dev.warden.demo;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import dev.warden.monitor.core.AlarmTransition;
import dev.warden.node.WardenNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's attacks on behaviour rather than on access: each one is allowed packet by packet, or refused without
 * harm, and only the monitor's warden-baseline profile sees it for what it is. Each attack names the alarm it
 * expects; the alarm's time minus the attack's start is what the demo prints.
 */
final class MonitoringDemo {
    /** One line of the demo's alarm table. */
    record Alarm(String behaviour, String target, String detail, long millisFromAttack) {}

    private final Map<String, AlarmTransition> raised = new ConcurrentHashMap<>();
    private final Map<String, Long> expected = new LinkedHashMap<>();
    private final int mqttPort;
    private final Path rootCa;
    /** Whoever holds the shared certificate's session last: its next publish shows the quarantine. */
    private DemoDevice holder;

    private long sharedStarted;

    MonitoringDemo(WardenNode node, Path rootCa) {
        this.mqttPort = node.mqttPort();
        this.rootCa = rootCa;
        node.watchAlarms(transitions -> transitions.stream()
                .filter(t -> t.kind() == AlarmTransition.Kind.RAISED)
                .forEach(t -> raised.putIfAbsent(
                        key(t.key().behaviour(), t.key().target().toString()), t)));
    }

    private static String key(String behaviour, String target) {
        return behaviour + " " + target;
    }

    /** The attack about to start should raise {@code behaviour} for {@code target}. */
    void expect(String behaviour, String target) {
        expected.put(key(behaviour, target), System.currentTimeMillis());
    }

    /** Topic scanning: publishes into ten other things' topics, each refused by policy. */
    void topicScan(DemoDevice scanner) {
        expect("authorization-failure-burst", "thing/" + scanner.thing);
        for (int i = 0; i < 10; i++) {
            try {
                scanner.publish("devices/victim-" + i + "/telemetry", "{}");
            } catch (Mqtt5PubAckException refused) {
                // refused: the point is that monitoring counts it
            }
        }
    }

    /** A message flood: a burst of 190 messages, each allowed on its own. */
    void flood(DemoDevice flooder) {
        expect("message-flood", "thing/" + flooder.thing);
        for (int i = 0; i < 190; i++) {
            flooder.client
                    .publishWith()
                    .topic("devices/" + flooder.thing + "/telemetry")
                    .qos(MqttQos.AT_MOST_ONCE)
                    .payload(("{\"seq\":" + i + "}").getBytes(StandardCharsets.UTF_8))
                    .send();
        }
    }

    /** Connection flapping: one device connects and drops twelve times. */
    void flapping(String thing, Path dir) throws Exception {
        expect("connection-flapping", "thing/" + thing);
        for (int i = 0; i < 12; i++) {
            try (DemoDevice d = DemoDevice.of(thing, dir, mqttPort, rootCa)) {
                d.connect();
            }
        }
    }

    /** Admin brute force: seven wrong passwords for one user, from one address. */
    void bruteForce(String adminUrl, String user) throws Exception {
        expect("admin-brute-force-user", "user/" + user);
        HttpClient http =
                HttpClient.newBuilder().sslContext(RootTrust.context(rootCa)).build();
        for (int i = 0; i < 7; i++) {
            HttpRequest login = HttpRequest.newBuilder(URI.create(adminUrl + "/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"user\":\"" + user + "\",\"password\":\"guess-" + i + "\"}"))
                    .build();
            http.send(login, HttpResponse.BodyHandlers.discarding());
        }
    }

    /**
     * A shared certificate: {@code device}'s key and certificate, copied off it, used from a second host (127.0.0.2
     * stands for it) while the device is connected. The copy takes the session over, the device takes it back:
     * two holders of one certificate, which a device that merely moved never does.
     */
    DemoDevice sharedCertificate(DemoDevice device, Path dir) throws Exception {
        expect("shared-certificate", "thing/" + device.thing);
        sharedStarted = System.currentTimeMillis();
        DemoDevice copy = DemoDevice.from(device.thing, dir, mqttPort, rootCa, "127.0.0.2");
        copy.connect();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (device.client.getState().isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        device.connect();
        holder = device;
        return copy;
    }

    /**
     * The shared-certificate behaviour contains automatically: the quarantine refuses the holder's next publish, and
     * the incident its alarm opened revokes the certificate, which cuts the session. Either shows; returns which, with
     * the time from the attack's start.
     */
    String quarantine() {
        if (holder == null) {
            return "no shared-certificate attack ran";
        }
        String after =
                String.format(java.util.Locale.ROOT, "%.1f s", (System.currentTimeMillis() - sharedStarted) / 1000.0);
        try {
            holder.publish("devices/" + holder.thing + "/telemetry", "{\"t\":21}");
            return "NOT quarantined: its next publish was accepted";
        } catch (Mqtt5PubAckException refused) {
            return "quarantined automatically: its next publish refused (PUBACK "
                    + refused.getMqttMessage().getReasonCode() + "), " + after + " after the attack began";
        } catch (RuntimeException cut) {
            if (holder.disconnectedAt() != 0) {
                return "contained automatically: quarantined, then its certificate revoked and its session cut by the"
                        + " incident's playbook, " + after + " after the attack began";
            }
            return "NOT quarantined: " + cut.getClass().getSimpleName();
        }
    }

    /** Waits until every expected alarm was raised, or {@code timeout}; returns them in the order expected. */
    List<Alarm> await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!raised.keySet().containsAll(expected.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<Alarm> out = new ArrayList<>();
        expected.forEach((k, started) -> {
            AlarmTransition t = raised.get(k);
            String[] parts = k.split(" ", 2);
            out.add(
                    t == null
                            ? new Alarm(parts[0], parts[1], "no alarm", -1)
                            : new Alarm(parts[0], parts[1], t.detail(), Math.max(0, t.atMillis() - started)));
        });
        return out;
    }
}

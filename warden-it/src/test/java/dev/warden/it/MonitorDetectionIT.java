package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.monitor.core.AlarmTransition;
import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every behaviour of the built-in {@code warden-baseline} profile, driven from outside with independent clients
 * (mosquitto_pub, plain TLS sockets, curl) against a real node: each raises its alarm within seconds, for the right
 * target, and clears once the attack has left the window. Distinct loopback addresses (127.0.0.x) stand in for
 * distinct hosts.
 */
@Tag("mosquitto")
@Tag("curl")
class MonitorDetectionIT {
    @TempDir
    Path dir;

    private final Map<String, AlarmTransition> raised = new ConcurrentHashMap<>();
    private final Map<String, AlarmTransition> cleared = new ConcurrentHashMap<>();

    private static String key(AlarmTransition t) {
        return t.key().behaviour() + " " + t.key().target();
    }

    @Test
    void everyBuiltInBehaviourRaisesWithinSecondsAndClears() throws Exception {
        Path data = dir.resolve("data");
        AdjustableClock clock = new AdjustableClock();
        try (NodeHarness harness = new NodeHarness(data, null, java.util.Map.of(), clock)) {
            harness.node.watchAlarms(transitions -> transitions.forEach(
                    t -> (t.kind() == AlarmTransition.Kind.RAISED ? raised : cleared).put(key(t), t)));
            for (String thing : List.of("dev-1", "dev-2", "dev-3", "dev-4")) {
                ok(harness.cli(
                        "device", "enroll", thing, "--out", dir.resolve(thing).toString()));
            }
            Path pw = Files.writeString(dir.resolve("pw"), "correct horse battery staple 1");
            ok(harness.cli("user", "create", "alice", "--password-file", pw.toString()));
            long start = System.currentTimeMillis();

            // A shared certificate: dev-1's key and certificate on two hosts, each taking the session from the
            // other (a device that merely moved takes it over once, which is not an alarm).
            Path root = data.resolve("pki/root.crt");
            int port = harness.node.mqttPort();
            var device = TestDevices.mqtt5(dir.resolve("dev-1"), "dev-1", root, port, "127.0.0.1")
                    .buildBlocking();
            var copy = TestDevices.mqtt5(dir.resolve("dev-1"), "dev-1", root, port, "127.0.0.2")
                    .buildBlocking();
            device.connect();
            copy.connect(); // takes the session over from 127.0.0.2
            awaitDisconnected(device);
            device.connect(); // and back from 127.0.0.1
            // Topic scanning: dev-2 publishes into another thing's topic, again and again (each refused).
            publish(harness, "dev-2", "127.0.0.1", "devices/dev-9/telemetry", "-q", "1", "--repeat", "8");
            // A message flood: dev-3 sends 190 messages at once (under the gateway's own cut-off of 200 at once).
            assertThat(publish(harness, "dev-3", "127.0.0.1", "devices/dev-3/telemetry", "--repeat", "190"))
                    .isZero();
            // Connection flapping: dev-4 connects 12 times in a few seconds.
            for (int i = 0; i < 12; i++) {
                publish(harness, "dev-4", "127.0.0.1", "devices/dev-4/telemetry", "-q", "1");
            }
            // Handshake failures: TLS without a client certificate, 7 times from one address.
            for (int i = 0; i < 7; i++) {
                handshakeWithoutCertificate(harness, "127.0.0.3");
            }
            // Admin brute force: 7 wrong passwords for alice (the login throttle answers 429 after the first few).
            for (int i = 0; i < 7; i++) {
                assertThat(login(harness, "alice", "wrong-" + i)).isIn("401", "429");
            }

            List<String> expected = List.of(
                    "shared-certificate thing/dev-1",
                    "authorization-failure-burst thing/dev-2",
                    "message-flood thing/dev-3",
                    "connection-flapping thing/dev-4",
                    "handshake-failure-burst sourceip/127.0.0.3",
                    "admin-brute-force-user user/alice",
                    "admin-brute-force-address sourceip/127.0.0.1");
            awaitKeys(raised, expected, 15);
            assertThat(raised.keySet()).containsAll(expected);
            long elapsed = System.currentTimeMillis() - start;
            for (String k : expected) {
                AlarmTransition t = raised.get(k);
                // Detection latency: from the newest observation that counted to the alarm.
                assertThat(t.atMillis() - t.observedAtMillis()).as(k).isBetween(0L, 5_000L);
            }
            assertThat(raised.get("shared-certificate thing/dev-1").detail()).isEqualTo("2 greater-than 1");
            assertThat(raised.get("message-flood thing/dev-3").value()).isGreaterThan(150);
            // The shared certificate's behaviour quarantines automatically, and its alarm opens an incident whose
            // compromised-device playbook revokes the certificate: dev-1 can no longer connect at all. (Quarantine
            // alone, remediation topics and release: MitigationsIT.)
            String quarantine =
                    ok(harness.cli("monitor", "mitigations", "--json")).out();
            assertThat(quarantine)
                    .contains("\"action\" : \"quarantine\"")
                    .contains("\"target\" : \"thing/dev-1\"")
                    .contains("\"automatic\" : true")
                    .contains("\"status\" : \"done\"");
            String incidents = awaitContained(harness, "shared-certificate/thing/dev-1");
            assertThat(incidents)
                    .contains("\"playbook\" : \"compromised-device\"")
                    .contains("\"severity\" : \"sev2\"");
            Processes.Result refused =
                    publishResult(harness, "dev-1", "127.0.0.1", "devices/dev-1/telemetry", "-q", "1");
            assertThat(refused.output()).as(refused.output()).containsIgnoringCase("not authori");
            assertThat(refused.exitCode()).isNotZero();
            // Nothing else alarmed: the ordinary traffic of the attacks' own devices is not an alarm.
            assertThat(raised.keySet()).containsExactlyInAnyOrderElementsOf(expected);

            // Once each attack has left its window (10 s, 30 s, 60 s) and 3 clean datapoints passed, all clear: the
            // node's clock is moved past the longest window rather than waited for.
            clock.advance(java.time.Duration.ofSeconds(61));
            awaitKeys(cleared, expected, 20);
            assertThat(cleared.keySet()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(elapsed).isLessThan(60_000);
        }
    }

    private static void awaitDisconnected(com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient client)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.getState().isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static void awaitKeys(Map<String, AlarmTransition> map, List<String> keys, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!map.keySet().containsAll(keys) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private int publish(NodeHarness harness, String thing, String from, String topic, String... extra) {
        return publishResult(harness, thing, from, topic, extra).exitCode();
    }

    private Processes.Result publishResult(
            NodeHarness harness, String thing, String from, String topic, String... extra) {
        Path d = dir.resolve(thing);
        List<String> cmd = new ArrayList<>(List.of(
                "mosquitto_pub",
                "-h",
                "localhost",
                "-p",
                String.valueOf(harness.node.mqttPort()),
                "-A",
                from,
                "--cafile",
                dir.resolve("data/pki/root.crt").toString(),
                "--cert",
                d.resolve(thing + ".crt").toString(),
                "--key",
                d.resolve(thing + ".key").toString(),
                "-i",
                thing,
                "-V",
                "mqttv5",
                "-t",
                topic,
                "-m",
                "{\"t\":21}"));
        cmd.addAll(List.of(extra));
        return Processes.run(dir, cmd, 30);
    }

    private static void handshakeWithoutCertificate(NodeHarness harness, String from) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {new TrustAnything()}, null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory()
                .createSocket("127.0.0.1", harness.node.mqttPort(), java.net.InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(2_000);
            socket.startHandshake();
            socket.getInputStream().read(); // TLS 1.3 reports the missing certificate on the first read
        } catch (java.io.IOException expected) {
            // refused: that is the point
        }
    }

    private String login(NodeHarness harness, String user, String password) {
        return Processes.run(
                        dir,
                        List.of(
                                "curl",
                                "-s",
                                "-o",
                                "/dev/null",
                                "-w",
                                "%{http_code}",
                                "--cacert",
                                dir.resolve("data/pki/root.crt").toString(),
                                "-H",
                                "Content-Type: application/json",
                                "-d",
                                "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}",
                                harness.adminUrl() + "/auth/login"),
                        30)
                .output();
    }

    /** The test only needs the handshake to fail on the server's side, so it trusts the server blindly. */
    private static final class TrustAnything implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    /** The incident opened for the alarm, once its playbook's containment is timed (its JSON listing). */
    private static String awaitContained(NodeHarness harness, String source) throws InterruptedException {
        String listing = "";
        for (int i = 0; i < 100; i++) {
            listing = ok(harness.cli("incident", "list", "--json")).out();
            if (listing.contains(source) && listing.contains("\"containedAt\" : \"")) {
                return listing;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no contained incident from " + source + ": " + listing);
    }
}

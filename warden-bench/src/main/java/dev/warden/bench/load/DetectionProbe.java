package dev.warden.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Runs one trial of an {@link Attack} against the node with a fresh device and fresh source addresses, times the
 * crossing on this host's clocks and waits for the alarm (and, for a shared certificate, for the quarantine to refuse
 * a publish). The node's clock is the same host's wall clock, so the alarm's stored {@code firstSeen} and the
 * client's crossing time are comparable without any offset.
 */
final class DetectionProbe {
    /** One more than each threshold of {@code warden-baseline}: the last event of the attack is the crossing. */
    static final int DENIALS = 6;

    static final int FLOOD_MESSAGES = 160;
    static final int FLOOD_CROSSING = 151;
    static final int HANDSHAKES = 6;
    /** How often the shared certificate's connection publishes while waiting for its quarantine. */
    static final long QUARANTINE_PROBE_MILLIS = 50;

    private static final byte[] PAYLOAD = "{\"t\":21}".getBytes(StandardCharsets.UTF_8);
    private static final long WAIT_SECONDS = 30;

    private final WardenNodeProcess node;
    private final LoadClient client;
    private final LoopbackSources sources;
    private final AlarmWatch watch;
    private final Duration timeout;
    /** Trusts the node's root and has no key: a TLS client without a certificate. */
    private final SSLContext noCertificate;

    private final String foreignTopic;
    private final Executor polling;

    /**
     * @param foreignTopic another thing's topic, which the default device policy refuses to every other device
     * @param polling      where the alarm is polled while the probe publishes (shared certificate)
     */
    DetectionProbe(
            WardenNodeProcess node,
            LoadClient client,
            LoopbackSources sources,
            AlarmWatch watch,
            Duration timeout,
            SSLContext noCertificate,
            String foreignTopic,
            Executor polling) {
        this.node = node;
        this.client = client;
        this.sources = sources;
        this.watch = watch;
        this.timeout = timeout;
        this.noCertificate = noCertificate;
        this.foreignTopic = foreignTopic;
        this.polling = polling;
    }

    /** One trial; {@code device} is fresh (never connected) and null for the handshake attack. */
    DetectionTrial run(Attack attack, BenchDevice device) throws Exception {
        return switch (attack) {
            case AUTHORIZATION_FAILURE_BURST -> authorizationFailures(device);
            case MESSAGE_FLOOD -> flood(device);
            case SHARED_CERTIFICATE -> sharedCertificate(device);
            case HANDSHAKE_FAILURE_BURST -> handshakeFailures();
        };
    }

    private DetectionTrial authorizationFailures(BenchDevice device) throws Exception {
        LoadConnection c = connect(device, sources.fresh());
        WallClockAnchor crossing = null;
        int refused = 0;
        for (int i = 1; i <= DENIALS; i++) {
            if (i == DENIALS) {
                crossing = WallClockAnchor.now();
            }
            try {
                c.publish(foreignTopic, PAYLOAD, LoadConnection.AT_LEAST_ONCE).get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (PublishRefused.is(e, PublishRefused.NOT_AUTHORIZED)) {
                    refused++;
                }
            }
        }
        String problem = refused == DENIALS ? "" : refused + " of " + DENIALS + " publishes refused with 0x87";
        DetectionTrial trial = alarmed(Attack.AUTHORIZATION_FAILURE_BURST, thing(device), crossing, problem);
        c.disconnect();
        return trial;
    }

    private DetectionTrial flood(BenchDevice device) throws Exception {
        LoadConnection c = connect(device, sources.fresh());
        WallClockAnchor crossing = null;
        CompletableFuture<?>[] written = new CompletableFuture<?>[FLOOD_MESSAGES];
        // QoS 0, as a flooding client sends: no PUBACK to wait for, and no Receive Maximum to exceed.
        for (int i = 1; i <= FLOOD_MESSAGES; i++) {
            if (i == FLOOD_CROSSING) {
                crossing = WallClockAnchor.now();
            }
            written[i - 1] = c.publish(device.telemetryTopic(), PAYLOAD, LoadConnection.AT_MOST_ONCE);
        }
        String problem = "";
        try {
            CompletableFuture.allOf(written).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            problem = "not every message was written: " + e.getCause();
        }
        DetectionTrial trial = alarmed(Attack.MESSAGE_FLOOD, thing(device), crossing, problem);
        c.disconnect();
        return trial;
    }

    /**
     * The device at home publishes once; then its certificate connects from a second address (the same client ID, so
     * the session moves there) and publishes every {@link #QUARANTINE_PROBE_MILLIS} until the quarantine refuses it,
     * while the alarm is polled beside.
     */
    private DetectionTrial sharedCertificate(BenchDevice device) throws Exception {
        InetAddress homeAddress = sources.fresh();
        LoadConnection home = connect(device, homeAddress);
        home.publish(device.telemetryTopic(), PAYLOAD, LoadConnection.AT_LEAST_ONCE)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        // The copy takes the session over (what a device that moved also does), then the device takes it back:
        // the second take-over between addresses is the crossing.
        LoadConnection copy = client.open(device, node.mqttPort(), sources.fresh());
        copy.connect().get(WAIT_SECONDS, TimeUnit.SECONDS);
        LoadConnection back = client.open(device, node.mqttPort(), homeAddress);
        WallClockAnchor crossing = WallClockAnchor.now();
        back.connect().get(WAIT_SECONDS, TimeUnit.SECONDS);
        String target = thing(device);
        CompletableFuture<AlarmWatch.Sighting> alarm = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return watch.await(target, Attack.SHARED_CERTIFICATE.behaviour);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CompletionException(e);
                    }
                },
                polling);
        double refused = Double.NaN;
        String problem = "";
        long deadline = crossing.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                back.publish(device.telemetryTopic(), PAYLOAD, LoadConnection.AT_LEAST_ONCE)
                        .get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                long at = System.nanoTime();
                if (PublishRefused.is(e, PublishRefused.NOT_AUTHORIZED)) {
                    refused = (at - crossing.nanoTime()) / 1e6;
                } else {
                    problem = "publish failed otherwise: " + e.getCause();
                }
                break;
            }
            Thread.sleep(QUARANTINE_PROBE_MILLIS);
        }
        if (Double.isNaN(refused) && problem.isEmpty()) {
            problem = "no publish refused within " + timeout.toSeconds() + " s";
        }
        DetectionTrial trial = trial(Attack.SHARED_CERTIFICATE, target, crossing, alarm.get(), refused, problem);
        back.disconnect();
        copy.disconnect();
        home.disconnect();
        return trial;
    }

    private DetectionTrial handshakeFailures() throws Exception {
        InetAddress from = sources.fresh();
        WallClockAnchor crossing = null;
        int failed = 0;
        for (int i = 1; i <= HANDSHAKES; i++) {
            if (i == HANDSHAKES) {
                crossing = WallClockAnchor.now();
            }
            if (handshakeFails(from)) {
                failed++;
            }
        }
        String problem = failed == HANDSHAKES ? "" : failed + " of " + HANDSHAKES + " handshakes failed";
        return alarmed(Attack.HANDSHAKE_FAILURE_BURST, "sourceip/" + from.getHostAddress(), crossing, problem);
    }

    /** TLS without a client certificate; true when the node refused it, as it must. */
    private boolean handshakeFails(InetAddress from) {
        try (SSLSocket socket =
                (SSLSocket) noCertificate.getSocketFactory().createSocket("127.0.0.1", node.mqttPort(), from, 0)) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(5));
            socket.startHandshake();
            // TLS 1.3 reports the missing certificate on the first read.
            socket.getInputStream().read();
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    private LoadConnection connect(BenchDevice device, InetAddress from)
            throws InterruptedException, ExecutionException, TimeoutException {
        LoadConnection c = client.open(device, node.mqttPort(), from);
        c.connect().get(WAIT_SECONDS, TimeUnit.SECONDS);
        return c;
    }

    private DetectionTrial alarmed(Attack attack, String target, WallClockAnchor crossing, String problem)
            throws InterruptedException {
        return trial(attack, target, crossing, watch.await(target, attack.behaviour), Double.NaN, problem);
    }

    private static DetectionTrial trial(
            Attack attack,
            String target,
            WallClockAnchor crossing,
            AlarmWatch.Sighting alarm,
            double refusedMillis,
            String problem) {
        if (alarm == null) {
            String missing = "no alarm listed";
            return new DetectionTrial(
                    attack,
                    target,
                    crossing.wallClock(),
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    refusedMillis,
                    problem.isEmpty() ? missing : problem + "; " + missing);
        }
        return new DetectionTrial(
                attack,
                target,
                crossing.wallClock(),
                Duration.between(crossing.wallClock(), alarm.firstSeen()).toNanos() / 1e6,
                (alarm.listedAtNanos() - crossing.nanoTime()) / 1e6,
                alarm.nodeLatency(),
                alarm.value(),
                refusedMillis,
                problem);
    }

    private static String thing(BenchDevice device) {
        return "thing/" + device.name();
    }
}

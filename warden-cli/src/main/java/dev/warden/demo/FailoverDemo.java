package dev.warden.demo;

import dev.warden.device.Backoff;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.Qos;
import dev.warden.device.ServerReference;
import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.registry.IssuedCertificate;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.telemetry.TelemetryMessage;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The demo's failover: eu-central-1 (by default) joins the demo node's deployment with the demo node (eu-west-1) as its
 * standby, in one jurisdiction. A device of eu-central-1 connects at home; eu-central-1 fails; the failover is declared in
 * eu-west-1 and the device, with its own certificate, is served there; eu-central-1 comes back, failback sends the
 * device home and hands its messages back.
 */
final class FailoverDemo {
    private static final String DEVICE = "traveller-1";
    /** A device stolen while its home region is down: revoked in the standby. */
    private static final String STOLEN = "traveller-2";
    /** Not 127.0.0.1: the attacks of section 3 had the firewall ban it. */
    private static final String DEVICE_ADDRESS = "127.0.9.10";

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private final DemoConsole console;
    private final WardenNode standby;
    private final Path dataDir;
    private final String failing;
    private final String jurisdiction;

    /** Region {@code failing} fails over to {@code standby}'s region; the demo puts both in one jurisdiction. */
    FailoverDemo(DemoConsole console, WardenNode standby, Path dataDir, String failing) {
        this.console = console;
        this.standby = standby;
        this.dataDir = dataDir;
        this.failing = failing;
        this.jurisdiction = jurisdictionOf(standby.config().region(), failing);
    }

    /** "eu" for eu-west-1 and eu-central-1; a neutral name when the two regions' prefixes differ. */
    static String jurisdictionOf(String a, String b) {
        String prefix = a.substring(0, Math.max(0, a.indexOf('-')));
        return !prefix.isEmpty() && b.startsWith(prefix + "-") ? prefix : "demo";
    }

    /** False when any step did not happen as it should. */
    boolean show() throws Exception {
        String here = standby.config().region();
        Path regionDir = dataDir.resolve("regions").resolve(failing);
        Map<ConfigKey, String> flags = DemoRegions.flags(regionDir, failing);
        WardenNode region = DemoRegions.start(flags);
        try {
            String token = DemoRegions.run(dataDir, "region", "token", failing, "--ttl", "10m")
                    .out()
                    .strip();
            if (!joinWithStandby(regionDir, token, here)) {
                return false;
            }
            DeviceCredentials device = enroll(region, DEVICE);
            DeviceCredentials stolen = enroll(region, STOLEN);
            if (!await(() -> replicaDevices() >= 2)) {
                console.fail(here + " holds no replica of " + failing + "'s devices");
                return false;
            }
            console.ok(failing + " joined, in jurisdiction " + jurisdiction + " with " + here + ", its standby: " + here
                    + " keeps a replica of its certificate status and device policies, no device data; its root is"
                    + " cross-certified by the deployment root, the one root " + DEVICE + " pins for both regions");

            DeviceClientConfig settings = config(region);
            try (DeviceClient client = DeviceClient.connect(device, settings, null)) {
                client.publishTelemetry(bytes("at home"), Qos.AT_LEAST_ONCE).join();
                if (!failOver(client, region, here) || !revokeStolen(stolen, settings, here)) {
                    return false;
                }
                region = DemoRegions.start(flags);
                if (!failBack(client, region, here, stolen.serialHex())) {
                    return false;
                }
            }
            return true;
        } finally {
            region.close();
        }
    }

    /** The failing region joins with its token, shares a jurisdiction with this one and names it its standby. */
    private boolean joinWithStandby(Path regionDir, String token, String here) {
        if (DemoRegions.run(regionDir, "region", "join", "--token", token).code() != 0
                || DemoRegions.run(
                                        dataDir,
                                        "region",
                                        "jurisdiction",
                                        "set",
                                        jurisdiction,
                                        "--regions",
                                        here + "," + failing)
                                .code()
                        != 0
                || DemoRegions.run(dataDir, "region", "standby", failing, "--to", here)
                                .code()
                        != 0) {
            console.fail(failing + " could not join with " + here + " as its standby");
            return false;
        }
        return true;
    }

    /** The home region goes down; after the failover the device is served here and its messages are kept apart. */
    private boolean failOver(DeviceClient client, WardenNode region, String here) throws InterruptedException {
        region.close();
        if (!await(() -> !client.isConnected())) {
            console.fail(DEVICE + " did not notice " + failing + " going down");
            return false;
        }
        long declared = System.nanoTime();
        DemoRegions.Result failover = DemoRegions.run(dataDir, "region", "failover", failing, "--to", here);
        if (failover.code() != 0 || !await(client::isConnected)) {
            console.fail(DEVICE + " was not served by " + here + " after the failover: " + failover.err());
            return false;
        }
        console.ok(failing + " down; failover declared in " + here + ": " + DEVICE + " served there with its own"
                + " certificate " + (System.nanoTime() - declared) / 1_000_000 + " ms later "
                + console.green("(Azure IoT Hub: 10 min - 2 h)"));
        client.publishTelemetry(bytes("at the standby 1"), Qos.AT_LEAST_ONCE).join();
        client.publishTelemetry(bytes("at the standby 2"), Qos.AT_LEAST_ONCE).join();
        if (!await(() -> !standby.telemetry().guestThings(failing).isEmpty())) {
            console.fail(here + " did not keep " + DEVICE + "'s messages apart");
            return false;
        }
        return true;
    }

    /** A device stolen while its home is down: revoked in the standby, which cuts it off at once. */
    private boolean revokeStolen(DeviceCredentials stolen, DeviceClientConfig settings, String here) throws Exception {
        DeviceClientConfig atStandby = settings.withServer(new ServerReference("localhost", standby.mqttPort()));
        try (DeviceClient thief = DeviceClient.connect(stolen, atStandby, null)) {
            DemoRegions.Result revoked = DemoRegions.run(
                    dataDir, "region", "revoke-guest", failing, stolen.serialHex(), "--reason", "keyCompromise");
            if (revoked.code() != 0 || !await(() -> !thief.isConnected())) {
                console.fail(STOLEN + " was not cut off in " + here + ": " + revoked.err());
                return false;
            }
        }
        console.ok(STOLEN + " stolen while " + failing + " is down: revoked in " + here + ", cut off at once, refused"
                + " from then on");
        return true;
    }

    /** Back up, the failback sends the device home and hands its messages from the failover back. */
    private boolean failBack(DeviceClient client, WardenNode home, String here, String stolenSerial)
            throws InterruptedException {
        DemoRegions.Result back = DemoRegions.run(dataDir, "region", "failback", failing);
        if (back.code() != 0
                || !await(() -> client.isConnected()
                        && !home.gateway().sessions().sessionsOf(DEVICE).isEmpty())) {
            console.fail("failback did not send " + DEVICE + " home: " + back.err());
            return false;
        }
        long stored = home
                .telemetry()
                .query(DEVICE, Instant.EPOCH, Instant.now().plusSeconds(60), 100)
                .stream()
                .map(TelemetryMessage::payload)
                .filter(p -> new String(p, StandardCharsets.UTF_8).startsWith("at the standby"))
                .count();
        if (stored != 2 || !standby.telemetry().guestThings(failing).isEmpty()) {
            console.fail(failing + " holds " + stored + " of the 2 messages sent during the failover");
            return false;
        }
        boolean revokedAtHome = home.certificates()
                .find(stolenSerial)
                .map(c -> c.status() == CertificateStatus.REVOKED)
                .orElse(false);
        if (!revokedAtHome) {
            console.fail(failing + " did not take the revocation of " + STOLEN + " made in " + here);
            return false;
        }
        console.ok(failing + " back; failback: " + DEVICE + " sent home " + console.green("(Use Another Server)")
                + ", its 2 messages from the failover handed back, stored under " + failing
                + "'s key and deleted in " + here + "; " + STOLEN + " revoked at home first");
        return true;
    }

    private static DeviceCredentials enroll(WardenNode region, String name) {
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        IssuedCertificate issued =
                region.certificates().enroll(name, CsrBuilder.buildCsrDer(key, name), null, Map.of(), null);
        return new DeviceCredentials(
                name, key.getPrivate(), issued.certificate(), Pem.parseCertificates(issued.chainPem()));
    }

    /**
     * The device's settings: its home, the standby as its alternate, a short backoff, and one trust anchor for both,
     * the deployment root from its home region's trust bundle (home presents its root cross-certified by it).
     */
    private DeviceClientConfig config(WardenNode region) throws Exception {
        Path bundle = dataDir.resolve("regions").resolve(failing).resolve("deployment-root.pem");
        if (DemoRegions.run(
                                dataDir.resolve("regions").resolve(failing),
                                "region",
                                "trust-bundle",
                                "--out",
                                bundle.toString())
                        .code()
                != 0) {
            throw new IllegalStateException(failing + " gave no trust bundle");
        }
        List<X509Certificate> roots = Pem.parseCertificates(Files.readString(bundle));
        return DeviceClientConfig.of("localhost", region.mqttPort())
                .withDeploymentRoots(roots)
                .withAlternates(List.of(new ServerReference("localhost", standby.mqttPort())))
                .withLocalAddress(InetAddress.getByName(DEVICE_ADDRESS))
                .withBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0));
    }

    private int replicaDevices() {
        return standby.regions()
                .failover()
                .map(f -> f.status().stream()
                        .mapToInt(s -> ((Number) s.get("replicaDevices")).intValue())
                        .sum())
                .orElse(0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}

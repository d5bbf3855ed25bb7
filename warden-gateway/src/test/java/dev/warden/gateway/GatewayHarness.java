package dev.warden.gateway;

import dev.warden.policy.DefaultPolicies;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySet;
import dev.warden.testkit.FreePorts;
import dev.warden.testkit.Processes;
import dev.warden.testkit.TestCa;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real gateway on a free port with a fresh PKI. Things named {@code reader*} may subscribe to and receive
 * everything under {@code devices/} with any client ID; all other things get the built-in device policy, plus
 * iot:RetainPublish on their own topics; things named {@code rig*} may also connect with any client ID
 * ({@code client/*}), things named {@code multi*} with their name, a dash and anything; things named {@code app*} are
 * readers that may also push back on publishers (iot:PushBack). The authenticator accepts any trusted certificate whose serial is not in {@link #revoked}.
 * For fail-closed tests, the authenticator throws for things named {@code throw-auth*} and the policy provider
 * for {@code throw-policy*}. Things named {@code roamer*} belong to another server: the authenticator sends them to
 * {@link #ROAMERS_HOME} ({@code roamer-lost*}: to no known server).
 */
final class GatewayHarness implements AutoCloseable {
    /** Where the authenticator sends things named {@code roamer*}. */
    static final String ROAMERS_HOME = "us-east-1.example.net:8883";

    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "default";

    /**
     * The CA the gateway trusts, for its server certificate and every device; it writes {@code ca.pem} and each
     * device's {@code <thing>.crt} and {@code <thing>.key} into {@link #dir()}.
     */
    final TestCa ca;
    /** A CA the gateway does not trust, writing into {@code rogue/}. */
    final TestCa rogue;

    /** What the gateway presents to new connections; a test may swap it, as a certificate renewal does. */
    private volatile ServerCredentials serverCredentials;

    final RecordingEvents events = new RecordingEvents();
    final Set<String> revoked = ConcurrentHashMap.newKeySet();
    /** Things named {@code slow-auth*} block in the authenticator until this opens. */
    final CountDownLatch slowAuthGate = new CountDownLatch(1);

    final CountDownLatch slowAuthEntered = new CountDownLatch(1);
    final MqttGateway gateway;
    /** Every PUBLISH handed to the gateway's publish listener; the listener throws for things named {@code throw-listener*}. */
    final List<AcceptedPublish> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

    GatewayHarness(Path dir) {
        this(dir, SessionStore.NONE);
    }

    /** A gateway whose persistent sessions go to {@code sessions} (and are loaded from it at start). */
    GatewayHarness(Path dir, SessionStore sessions) {
        this(
                dir,
                GatewayLimits.defaults().withMaxPacketSize(64 * 1024).withConnectTimeout(Duration.ofSeconds(2)),
                lenientFirewall(),
                sessions);
    }

    GatewayHarness(Path dir, GatewayLimits limits) {
        this(dir, limits, lenientFirewall());
    }

    /**
     * Firewall rules for tests that are not about the firewall: they open many connections and fail many handshakes
     * from 127.0.0.1 on purpose, which the default rules would (rightly) ban.
     */
    static FirewallRules lenientFirewall() {
        return FirewallRules.defaults()
                .withConnectionRate(new Rate(10_000, 10_000))
                .withBans(new BanPolicy(10_000, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .withPublishRate(new Rate(100_000, 100_000));
    }

    GatewayHarness(Path dir, GatewayLimits limits, FirewallRules firewall) {
        this(dir, limits, firewall, SessionStore.NONE);
    }

    GatewayHarness(Path dir, GatewayLimits limits, FirewallRules firewall, SessionStore sessions) {
        ca = TestCa.create("trusted", dir);
        rogue = TestCa.create("rogue", dir.resolve("rogue"));
        serverCredentials = serverCredentials(ca.server());
        Policy deviceDefault = DefaultPolicies.deviceDefault(REGION, ACCOUNT);
        Policy retain =
                PolicyParser.parse("retain-own", statement("iot:RetainPublish", "topic/devices/${iot:ClientId}/*"));
        Policy reader = PolicyParser.parse(
                "reader",
                "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\""
                        + arn("client/${iot:ClientId}")
                        + "\"},{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":[\""
                        + arn("topicfilter/devices/*")
                        + "\",\"" + arn("topicfilter/$share/*/devices/*")
                        + "\"]},{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\""
                        + arn("topic/devices/*")
                        + "\"}]}");
        // Test rigs may use any client ID; "multi" things any that starts with their name and a dash.
        Policy anyClientId = PolicyParser.parse("any-client-id", statement("iot:Connect", "client/*"));
        Policy suffixedClientIds = PolicyParser.parse(
                "suffixed-client-ids", statement("iot:Connect", "client/${iot:Connection.Thing.ThingName}-*"));
        // "app" things are trusted applications: readers whose backlog holds their publishers (push-back).
        Policy pushBack = PolicyParser.parse("push-back", statement("iot:PushBack", "client/*"));
        PolicyProvider policies = thing -> {
            if (thing.startsWith("throw-policy")) {
                throw new IllegalStateException("policy store down");
            }
            if (thing.startsWith("rig")) {
                return PolicySet.of(deviceDefault, retain, anyClientId);
            }
            if (thing.startsWith("multi")) {
                return PolicySet.of(deviceDefault, retain, suffixedClientIds);
            }
            if (thing.startsWith("app")) {
                return PolicySet.of(reader, pushBack);
            }
            return thing.startsWith("reader") ? PolicySet.of(reader) : PolicySet.of(deviceDefault, retain);
        };
        DeviceAuthenticator authenticator = cert -> {
            DeviceIdentity identity = identityOf(cert);
            if (identity.thingName().startsWith("throw-auth")) {
                throw new IllegalStateException("certificate store down");
            }
            if (identity.thingName().startsWith("roamer")) {
                return AuthenticationResult.redirect(
                        identity.thingName().startsWith("roamer-lost") ? "" : ROAMERS_HOME,
                        "WRONG_REGION",
                        "arn:warden:iot:us-east-1:" + ACCOUNT + ":thing/" + identity.thingName(),
                        Map.of("homeRegion", "us-east-1"));
            }
            if (identity.thingName().startsWith("slow-auth")) {
                slowAuthEntered.countDown();
                awaitQuietly(slowAuthGate);
            }
            return revoked.contains(identity.serialHex())
                    ? AuthenticationResult.reject(AuthenticationResult.RejectionReason.CERTIFICATE_REVOKED, "test")
                    : AuthenticationResult.accept(identity);
        };
        GatewayConfig config = GatewayConfig.of("127.0.0.1", FreePorts.next(), REGION, ACCOUNT)
                .withLimits(limits)
                .withFirewall(firewall);
        gateway = new MqttGateway(
                config,
                GatewayTls.create(this::serverCredentials, ca.trustManager()),
                authenticator,
                policies,
                events,
                publish -> {
                    accepted.add(publish);
                    if (publish.identity().thingName().startsWith("throw-listener")) {
                        throw new IllegalStateException("storage down");
                    }
                },
                sessions);
        gateway.start();
    }

    int port() {
        return gateway.port();
    }

    Path dir() {
        return ca.dir();
    }

    ServerCredentials serverCredentials() {
        return serverCredentials;
    }

    /** Makes the gateway present {@code credentials} to new connections from now on, as a renewal does. */
    void useServerCredentials(ServerCredentials credentials) {
        serverCredentials = credentials;
    }

    /** The gateway's view of a server leaf: its key and its chain (leaf then issuing CA). */
    static ServerCredentials serverCredentials(TestCa.Leaf leaf) {
        return new ServerCredentials(leaf.privateKey(), leaf.chain());
    }

    /** What a node's authenticator would make of {@code certificate}: thing name = CN, serial, SHA-256 fingerprint. */
    static DeviceIdentity identityOf(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        String cn = subject.replaceAll("^.*CN=([^,]+).*$", "$1");
        try {
            String fingerprint = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            return new DeviceIdentity(cn, certificate.getSerialNumber().toString(16), fingerprint, Map.of());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    RawMqttClient raw(String device) {
        return RawMqttClient.open(port(), ca.clientContext(ca.device(device)));
    }

    /** mosquitto_pub/_sub arguments for {@code device}: TLS with its certificate, client ID = device name. */
    List<String> mosquitto(String tool, String device, String version, String... args) {
        ca.device(device);
        List<String> cmd = new ArrayList<>(List.of(
                tool,
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port()),
                "--cafile",
                ca.caFile().toString(),
                "--cert",
                ca.certFile(device).toString(),
                "--key",
                ca.keyFile(device).toString(),
                "-V",
                version,
                "-i",
                device));
        cmd.addAll(List.of(args));
        return cmd;
    }

    Processes.Result run(List<String> command) {
        return Processes.run(dir(), command, 20);
    }

    CompletableFuture<Processes.Result> runAsync(List<String> command) {
        return CompletableFuture.supplyAsync(() -> Processes.run(dir(), command, 20));
    }

    static Processes.Result await(CompletableFuture<Processes.Result> future) {
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String arn(String resource) {
        return "arn:warden:iot:" + REGION + ":" + ACCOUNT + ":" + resource;
    }

    private static String statement(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + arn(resource) + "\"}]}";
    }

    @Override
    public void close() {
        gateway.stop();
    }
}

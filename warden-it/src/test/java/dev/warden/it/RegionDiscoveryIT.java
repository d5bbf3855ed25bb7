package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.DeviceTls;
import dev.warden.device.NearestRegion;
import dev.warden.device.ProvisioningClaim;
import dev.warden.device.RegionDiscovery;
import dev.warden.pki.Pem;
import dev.warden.registry.store.ThingDao;
import dev.warden.testkit.DelayingProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices find their region, with two real regions: a us-east-1 device that asks eu-west-1's discovery is told
 * us-east-1's gateway (and may call no other route there); the SDK sent to eu-west-1's gateway follows Use Another
 * Server home; and a new device provisioned "nearest" lands in eu-west-1 when us-east-1 is 150 ms away each way, and
 * in us-east-1 when eu-west-1 is.
 */
class RegionDiscoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FAR = Duration.ofMillis(150);

    @TempDir
    Path dir;

    @Test
    void devicesFindTheirHomeAndNewDevicesTheNearestRegion() throws Exception {
        try (NodeHarness eu = NodeHarness.region(dir, "eu-west-1");
                NodeHarness us = NodeHarness.region(dir, "us-east-1")) {
            // GIVEN us-east-1 joined eu-west-1's deployment, a device of each, and a device trusting both roots
            String token = eu.node.regions().createJoinToken("us-east-1", Duration.ofMinutes(5));
            us.node.regions().join(token, Optional.empty());
            DeviceCredentials usDevice = enroll(us, "sensor-us");
            DeviceCredentials euDevice = enroll(eu, "sensor-eu");
            List<X509Certificate> roots = List.of(root(eu), root(us));

            // WHEN the us-east-1 device asks eu-west-1's discovery THEN it is told us-east-1's gateway
            RegionDiscovery.Home home =
                    RegionDiscovery.create(URI.create(eu.adminUrl()), roots).discover(usDevice);
            assertThat(home.thing()).isEqualTo("sensor-us");
            assertThat(home.region()).isEqualTo("us-east-1");
            assertThat(home.mqtt().port()).isEqualTo(us.node.mqttPort());
            // AND eu-west-1's own device is told eu-west-1's gateway
            RegionDiscovery.Home euHome =
                    RegionDiscovery.create(URI.create(eu.adminUrl()), roots).discover(euDevice);
            assertThat(euHome.region()).isEqualTo("eu-west-1");
            assertThat(euHome.mqtt().port()).isEqualTo(eu.node.mqttPort());

            // AND the foreign certificate opens no other route of eu-west-1's admin API
            assertThat(get(eu, "/whoami", usDevice, roots).statusCode()).isEqualTo(401);
            assertThat(get(eu, "/things", usDevice, roots).statusCode()).isEqualTo(401);

            // AND the answer is in eu-west-1's trail: metadata only
            eu.node.audit().log().flushAndSign();
            List<JsonNode> answers = audit(eu, "--action", "iot:DiscoverRegion");
            assertThat(answers).anySatisfy(e -> {
                assertThat(e.path("resource").asText()).isEqualTo("arn:warden:iot:us-east-1:default:thing/sensor-us");
                assertThat(e.path("details").path("homeRegion").asText()).isEqualTo("us-east-1");
            });

            // WHEN the SDK connects to eu-west-1's gateway THEN it follows Use Another Server and is connected at home
            DeviceClientConfig atEu = DeviceClientConfig.of("127.0.0.1", eu.node.mqttPort())
                    .withConnectTimeout(Duration.ofSeconds(5))
                    .withDeploymentRoots(roots);
            try (DeviceClient client = DeviceClient.connect(usDevice, atEu)) {
                assertThat(client.isConnected()).isTrue();
                assertThat(us.node.gateway().sessions().connectionCount()).isEqualTo(1);
                assertThat(eu.node.gateway().sessions().connectionCount()).isZero();
            }

            // WHEN a new device is provisioned into the nearest region, us-east-1 far away THEN eu-west-1 is chosen
            ok(eu.cli("template", "create", "sensors", "--pattern", "new-*"));
            ok(us.cli("template", "create", "sensors", "--pattern", "new-*"));
            try (DelayingProxy farUs = new DelayingProxy("127.0.0.1", us.node.adminPort(), FAR)) {
                var provisioned = NearestRegion.of(List.of(
                                candidate(eu, "eu-west-1", eu.node.adminPort()),
                                candidate(us, "us-east-1", farUs.port())))
                        .provision("new-1", Map.of());
                assertThat(provisioned.region()).isEqualTo("eu-west-1");
                assertThat(provisioned.measured().get(1).median().orElseThrow()).isGreaterThan(FAR.multipliedBy(2));
                assertThat(thing(eu, "new-1")).isPresent();
            }
            // AND the reverse: eu-west-1 far away, us-east-1 is chosen
            try (DelayingProxy farEu = new DelayingProxy("127.0.0.1", eu.node.adminPort(), FAR)) {
                var provisioned = NearestRegion.of(List.of(
                                candidate(eu, "eu-west-1", farEu.port()),
                                candidate(us, "us-east-1", us.node.adminPort())))
                        .provision("new-2", Map.of());
                assertThat(provisioned.region()).isEqualTo("us-east-1");
                assertThat(thing(us, "new-2")).isPresent();
                assertThat(thing(eu, "new-2")).isEmpty();
            }
        }
    }

    /** A candidate region reached at {@code port} (its API, or a proxy in front of it), with a fresh token claim. */
    private static NearestRegion.Candidate candidate(NodeHarness node, String region, int port) throws Exception {
        String claim = ok(node.cli("claim", "create", "c-" + port, "--template", "sensors", "--token"))
                .out()
                .trim();
        return new NearestRegion.Candidate(
                region, URI.create("https://localhost:" + port), root(node), "sensors", ProvisioningClaim.token(claim));
    }

    private DeviceCredentials enroll(NodeHarness node, String thing) throws Exception {
        Path out = dir.resolve(thing);
        ok(node.cli("device", "enroll", thing, "--out", out.toString()));
        List<X509Certificate> caChain =
                new ArrayList<>(Pem.parseCertificates(Files.readString(out.resolve("ca-chain.pem"))));
        return new DeviceCredentials(
                thing,
                Pem.parsePrivateKey(Files.readString(out.resolve(thing + ".key"))),
                Pem.parseCertificates(Files.readString(out.resolve(thing + ".crt")))
                        .get(0),
                caChain);
    }

    private static Optional<dev.warden.registry.store.Thing> thing(NodeHarness node, String name) {
        return node.node.database().read(h -> new ThingDao(h).find(name));
    }

    private static X509Certificate root(NodeHarness node) throws Exception {
        return Pem.parseCertificates(Files.readString(node.dataDir.resolve("pki/root.crt")))
                .get(0);
    }

    private static HttpResponse<String> get(
            NodeHarness node, String path, DeviceCredentials device, List<X509Certificate> roots) throws Exception {
        SSLContext tls = DeviceTls.context(roots, DeviceTls.identity(device.privateKey(), device.presentedChain()));
        HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
        return http.send(
                HttpRequest.newBuilder(URI.create(node.adminUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> audit(NodeHarness node, String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("audit", "query", "--json", "--limit", "1000"));
        args.addAll(List.of(filters));
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(ok(node.cli(args.toArray(String[]::new))).out())
                .path("events")
                .forEach(events::add);
        return events;
    }
}

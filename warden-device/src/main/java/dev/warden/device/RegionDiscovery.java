package dev.warden.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Asks a Warden node which region is the device's home and where its gateway listens ({@code GET /discovery} on the
 * node's HTTPS API, authenticated by the device's own certificate). Any region of the deployment answers for any of
 * its devices, so a device needs one node's address and its deployment's roots, not its home's address.
 *
 * <pre>{@code
 * RegionDiscovery discovery = RegionDiscovery.create(URI.create("https://eu.warden.example:8443"), deploymentRoots);
 * DeviceClientConfig config = discovery.discover(credentials).mqttConfig().withDeploymentRoots(deploymentRoots);
 * }</pre>
 */
public final class RegionDiscovery {
    static final String PATH = "/discovery";

    private final NodeHttp http;

    private RegionDiscovery(NodeHttp http) {
        this.http = http;
    }

    /** The thing the certificate names, its home region and that region's MQTT gateway. */
    public record Home(String thing, String region, ServerReference mqtt) {
        /** Connection settings for {@link DeviceClient} at this region's gateway (MQTT 5, defaults otherwise). */
        public DeviceClientConfig mqttConfig() {
            return DeviceClientConfig.of(mqtt.host(), mqtt.port());
        }
    }

    /**
     * @param node  any node's HTTPS API base URL
     * @param roots the roots the device trusts (its deployment's regions'); the node's certificate must chain to one
     */
    public static RegionDiscovery create(URI node, List<X509Certificate> roots) {
        Objects.requireNonNull(node, "node");
        if (!"https".equalsIgnoreCase(node.getScheme())) {
            throw new IllegalArgumentException("discovery is reached over https only: " + node);
        }
        return new RegionDiscovery(new NodeHttp(node, roots, Duration.ofSeconds(10)));
    }

    /**
     * Asks where {@code credentials}' device belongs.
     *
     * @throws ProvisioningRejectedException when the node refuses the certificate (4xx), with its reason code
     * @throws DeviceException               {@link DeviceErrorReason#PROVISIONING_FAILED} when the answer names no
     *                                       usable {@code host:port}, or transport reasons
     */
    public Home discover(DeviceCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        JsonNode answer = http.get(PATH, DeviceTls.identity(credentials.privateKey(), credentials.presentedChain()));
        String mqtt = answer.path("endpoints").path("mqtt").asText("");
        ServerReference endpoint = ServerReference.parse(mqtt)
                .orElseThrow(() -> new DeviceException(
                        DeviceErrorReason.PROVISIONING_FAILED, http.base() + PATH + " answered no host:port for MQTT"));
        return new Home(
                answer.path("thing").asText(""), answer.path("homeRegion").asText(""), endpoint);
    }
}

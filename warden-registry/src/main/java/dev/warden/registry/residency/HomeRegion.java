package dev.warden.registry.residency;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Another region of the deployment, as residency needs it: its name, its pinned root certificate (whose chains are
 * its devices) and its gateway's endpoint as an MQTT 5 Server Reference ({@code host:port}; empty when unknown).
 */
public record HomeRegion(String region, X509Certificate root, String serverReference) {
    public HomeRegion {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(root, "root");
        serverReference = serverReference == null ? "" : serverReference;
    }

    /** A region whose gateway listens at {@code mqttUrl} ({@code mqtts://host:port}, as region members record it). */
    public static HomeRegion of(String region, X509Certificate root, String mqttUrl) {
        return new HomeRegion(region, root, serverReference(mqttUrl));
    }

    /**
     * {@code host:port} of an {@code mqtts://host:port} URL (an IPv6 host keeps its brackets); empty for anything
     * else, so that a device is never sent to an address nobody meant.
     */
    public static String serverReference(String mqttUrl) {
        if (mqttUrl == null || mqttUrl.isBlank()) {
            return "";
        }
        try {
            URI url = new URI(mqttUrl.strip());
            if (!"mqtts".equalsIgnoreCase(url.getScheme()) || url.getHost() == null || url.getPort() <= 0) {
                return "";
            }
            return url.getHost() + ":" + url.getPort();
        } catch (URISyntaxException e) {
            return "";
        }
    }
}

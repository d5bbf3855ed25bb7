package dev.warden.gateway;

import java.util.Objects;

/**
 * Fixed configuration of one {@link MqttGateway}. Which client IDs a device may use is decided by its policies alone
 * ({@code iot:Connect} on {@code client/<clientId>}), as in AWS IoT.
 *
 * @param bindHost                 address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port                     TCP port; 0 picks a free one (read it back from {@link MqttGateway#port()})
 * @param region                   region of the resource ARNs the policies are evaluated against
 * @param account                  account of those ARNs
 * @param limits                   resource bounds
 * @param firewall                 connection firewall (checked before TLS) and per-client flow limits
 * @param sealedTopics             topics whose payloads must be sealed end to end (none by default)
 */
public record GatewayConfig(
        String bindHost,
        int port,
        String region,
        String account,
        GatewayLimits limits,
        FirewallRules firewall,
        SealedTopics sealedTopics) {

    public GatewayConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(firewall, "firewall");
        Objects.requireNonNull(sealedTopics, "sealedTopics");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (region.isEmpty() || region.indexOf(':') >= 0 || account.indexOf(':') >= 0) {
            throw new IllegalArgumentException("region and account must be ARN segments (non-empty region, no ':')");
        }
    }

    /** The configuration with {@link FirewallRules#defaults()}. */
    public GatewayConfig(String bindHost, int port, String region, String account, GatewayLimits limits) {
        this(bindHost, port, region, account, limits, FirewallRules.defaults(), SealedTopics.NONE);
    }

    /** Secure defaults: {@link GatewayLimits#defaults()}, {@link FirewallRules#defaults()}. */
    public static GatewayConfig of(String bindHost, int port, String region, String account) {
        return new GatewayConfig(bindHost, port, region, account, GatewayLimits.defaults());
    }

    public GatewayConfig withLimits(GatewayLimits newLimits) {
        return new GatewayConfig(bindHost, port, region, account, newLimits, firewall, sealedTopics);
    }

    public GatewayConfig withFirewall(FirewallRules rules) {
        return new GatewayConfig(bindHost, port, region, account, limits, rules, sealedTopics);
    }

    /** Refuses a plaintext PUBLISH on the topics of {@code topics} (MQTT 5: PUBACK 0x99; MQTT 3.1.1: closed). */
    public GatewayConfig withSealedTopics(SealedTopics topics) {
        return new GatewayConfig(bindHost, port, region, account, limits, firewall, topics);
    }
}

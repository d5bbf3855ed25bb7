package dev.warden.gateway;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's connection firewall and per-client flow limits. Everything before the TLS handshake is decided by
 * {@link ConnectionFirewall}; {@code publishRate} and {@code slowConsumers} apply to each connection afterwards.
 *
 * <p>Per-thing-group CIDR rules are not supported yet (there are no thing groups); the lists here are global.
 *
 * @param allow                CIDRs allowed to connect; empty allows every address not denied
 * @param deny                 CIDRs never allowed; deny wins over allow
 * @param connectionRate       new connections per source address (token bucket)
 * @param maxConnectionsPerIp  most simultaneous connections from one source address
 * @param bans                 automatic bans after failed handshakes or authentications
 * @param maxTrackedAddresses  most source addresses the firewall keeps state for; idle ones are evicted first, so a
 *                             flood from many addresses costs bounded memory
 * @param publishRate          PUBLISH packets per connection; beyond it the client is disconnected
 *                             (MQTT 5: 0x96 Message rate too high)
 * @param slowConsumers        what happens to a subscriber that does not keep up
 */
public record FirewallRules(List<Cidr> allow, List<Cidr> deny, Rate connectionRate, int maxConnectionsPerIp,
        BanPolicy bans, int maxTrackedAddresses, Rate publishRate, SlowConsumerPolicy slowConsumers) {

    public FirewallRules {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        Objects.requireNonNull(connectionRate, "connectionRate");
        Objects.requireNonNull(bans, "bans");
        Objects.requireNonNull(publishRate, "publishRate");
        Objects.requireNonNull(slowConsumers, "slowConsumers");
        if (maxConnectionsPerIp < 1) {
            throw new IllegalArgumentException("maxConnectionsPerIp must be positive");
        }
        if (maxTrackedAddresses < 16) {
            throw new IllegalArgumentException("maxTrackedAddresses must be at least 16");
        }
    }

    /**
     * Every address allowed; 20 new connections a second per address (burst 50); 100 connections per address; ban
     * after 10 failures in 60 s for 1 minute, doubling to 1 hour; 100,000 tracked addresses; 100 publishes a second
     * per client (burst 200); slow consumers cut off after 10 s unwritable.
     */
    public static FirewallRules defaults() {
        return new FirewallRules(List.of(), List.of(), new Rate(20, 50), 100, BanPolicy.defaults(), 100_000,
                new Rate(100, 200), SlowConsumerPolicy.defaults());
    }

    /** Only these CIDRs may connect (IPv4 or IPv6, e.g. {@code "10.0.0.0/8"}). */
    public FirewallRules withAllow(String... cidrs) {
        return new FirewallRules(parse(cidrs), deny, connectionRate, maxConnectionsPerIp, bans, maxTrackedAddresses,
                publishRate, slowConsumers);
    }

    /** These CIDRs may never connect, even if allowed. */
    public FirewallRules withDeny(String... cidrs) {
        return new FirewallRules(allow, parse(cidrs), connectionRate, maxConnectionsPerIp, bans, maxTrackedAddresses,
                publishRate, slowConsumers);
    }

    public FirewallRules withConnectionRate(Rate rate) {
        return new FirewallRules(allow, deny, rate, maxConnectionsPerIp, bans, maxTrackedAddresses, publishRate,
                slowConsumers);
    }

    public FirewallRules withMaxConnectionsPerIp(int count) {
        return new FirewallRules(allow, deny, connectionRate, count, bans, maxTrackedAddresses, publishRate,
                slowConsumers);
    }

    public FirewallRules withBans(BanPolicy policy) {
        return new FirewallRules(allow, deny, connectionRate, maxConnectionsPerIp, policy, maxTrackedAddresses,
                publishRate, slowConsumers);
    }

    public FirewallRules withMaxTrackedAddresses(int count) {
        return new FirewallRules(allow, deny, connectionRate, maxConnectionsPerIp, bans, count, publishRate,
                slowConsumers);
    }

    public FirewallRules withPublishRate(Rate rate) {
        return new FirewallRules(allow, deny, connectionRate, maxConnectionsPerIp, bans, maxTrackedAddresses, rate,
                slowConsumers);
    }

    public FirewallRules withSlowConsumers(SlowConsumerPolicy policy) {
        return new FirewallRules(allow, deny, connectionRate, maxConnectionsPerIp, bans, maxTrackedAddresses,
                publishRate, policy);
    }

    private static List<Cidr> parse(String... cidrs) {
        return Arrays.stream(cidrs).map(Cidr::parse).toList();
    }
}

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
 * @param bans                 automatic bans of a source address after failed handshakes or authentications
 * @param maxTrackedAddresses  most source addresses the firewall keeps state for; idle ones are evicted first, so a
 *                             flood from many addresses costs bounded memory
 * @param publishRate          PUBLISH packets per connection; beyond it the client is disconnected
 *                             (MQTT 5: 0x96 Message rate too high)
 * @param slowConsumers        what happens to a subscriber that does not keep up
 * @param clientIdBans         automatic bans of a client ID after refused authentications presenting it (from any
 *                             address: a device reconnecting in a loop behind a NAT or from many addresses)
 * @param thingBans            automatic bans of a thing after refused authentications of its certificate or
 *                             client ID (from any address and under any client ID)
 * @param banExempt            CIDRs never banned automatically by address (monitoring probes, load balancers' health
 *                             checks, an operator's scanner); their failures are still reported and still count
 *                             toward client ID and thing bans, and an operator may still ban them explicitly
 */
public record FirewallRules(
        List<Cidr> allow,
        List<Cidr> deny,
        Rate connectionRate,
        int maxConnectionsPerIp,
        BanPolicy bans,
        int maxTrackedAddresses,
        Rate publishRate,
        SlowConsumerPolicy slowConsumers,
        BanPolicy clientIdBans,
        BanPolicy thingBans,
        List<Cidr> banExempt) {

    public FirewallRules {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        banExempt = List.copyOf(banExempt);
        Objects.requireNonNull(connectionRate, "connectionRate");
        Objects.requireNonNull(bans, "bans");
        Objects.requireNonNull(clientIdBans, "clientIdBans");
        Objects.requireNonNull(thingBans, "thingBans");
        Objects.requireNonNull(publishRate, "publishRate");
        Objects.requireNonNull(slowConsumers, "slowConsumers");
        if (maxConnectionsPerIp < 1) {
            throw new IllegalArgumentException("maxConnectionsPerIp must be positive");
        }
        if (maxTrackedAddresses < 16) {
            throw new IllegalArgumentException("maxTrackedAddresses must be at least 16");
        }
    }

    /** The rules before client ID and thing bans existed: those take {@link BanPolicy#defaults()}, nothing exempt. */
    public FirewallRules(
            List<Cidr> allow,
            List<Cidr> deny,
            Rate connectionRate,
            int maxConnectionsPerIp,
            BanPolicy bans,
            int maxTrackedAddresses,
            Rate publishRate,
            SlowConsumerPolicy slowConsumers) {
        this(
                allow,
                deny,
                connectionRate,
                maxConnectionsPerIp,
                bans,
                maxTrackedAddresses,
                publishRate,
                slowConsumers,
                BanPolicy.defaults(),
                BanPolicy.defaults(),
                List.of());
    }

    /**
     * Every address allowed; 20 new connections a second per address (burst 50); 100 connections per address; ban an
     * address, a client ID or a thing after 10 failures in 60 s for 1 minute, doubling to 1 hour; nothing exempt;
     * 100,000 tracked addresses; 100 publishes a second per client (burst 200); slow consumers cut off after 10 s
     * unwritable.
     */
    public static FirewallRules defaults() {
        return new FirewallRules(
                List.of(),
                List.of(),
                new Rate(20, 50),
                100,
                BanPolicy.defaults(),
                100_000,
                new Rate(100, 200),
                SlowConsumerPolicy.defaults());
    }

    /** Only these CIDRs may connect (IPv4 or IPv6, e.g. {@code "10.0.0.0/8"}). */
    public FirewallRules withAllow(String... cidrs) {
        return new FirewallRules(
                parse(cidrs),
                deny,
                connectionRate,
                maxConnectionsPerIp,
                bans,
                maxTrackedAddresses,
                publishRate,
                slowConsumers,
                clientIdBans,
                thingBans,
                banExempt);
    }

    /** These CIDRs may never connect, even if allowed. */
    public FirewallRules withDeny(String... cidrs) {
        return new FirewallRules(
                allow,
                parse(cidrs),
                connectionRate,
                maxConnectionsPerIp,
                bans,
                maxTrackedAddresses,
                publishRate,
                slowConsumers,
                clientIdBans,
                thingBans,
                banExempt);
    }

    public FirewallRules withConnectionRate(Rate rate) {
        return new FirewallRules(
                allow,
                deny,
                rate,
                maxConnectionsPerIp,
                bans,
                maxTrackedAddresses,
                publishRate,
                slowConsumers,
                clientIdBans,
                thingBans,
                banExempt);
    }

    public FirewallRules withMaxConnectionsPerIp(int count) {
        return new FirewallRules(
                allow,
                deny,
                connectionRate,
                count,
                bans,
                maxTrackedAddresses,
                publishRate,
                slowConsumers,
                clientIdBans,
                thingBans,
                banExempt);
    }

    /** The automatic ban policy of source addresses. */
    public FirewallRules withBans(BanPolicy policy) {
        return new FirewallRules(
                allow,
                deny,
                connectionRate,
                maxConnectionsPerIp,
                policy,
                maxTrackedAddresses,
                publishRate,
                slowConsumers,
                clientIdBans,
                thingBans,
                banExempt);
    }

    /** The automatic ban policy of client IDs. */
    public FirewallRules withClientIdBans(BanPolicy policy) {
        return new FirewallRules(
                allow,
                deny,
                connectionRate,
                maxConnectionsPerIp,
                bans,
                maxTrackedAddresses,
                publishRate,
                slowConsumers,
                policy,
                thingBans,
                banExempt);
    }

    /** The automatic ban policy of things. */
    public FirewallRules withThingBans(BanPolicy policy) {
        return new FirewallRules(
                allow,
                deny,
                connectionRate,
                maxConnectionsPerIp,
                bans,
                maxTrackedAddresses,
                publishRate,
                slowConsumers,
                clientIdBans,
                policy,
                banExempt);
    }

    /** Addresses in these CIDRs are never banned automatically by address. */
    public FirewallRules withBanExempt(String... cidrs) {
        return new FirewallRules(
                allow,
                deny,
                connectionRate,
                maxConnectionsPerIp,
                bans,
                maxTrackedAddresses,
                publishRate,
                slowConsumers,
                clientIdBans,
                thingBans,
                parse(cidrs));
    }

    public FirewallRules withMaxTrackedAddresses(int count) {
        return new FirewallRules(
                allow,
                deny,
                connectionRate,
                maxConnectionsPerIp,
                bans,
                count,
                publishRate,
                slowConsumers,
                clientIdBans,
                thingBans,
                banExempt);
    }

    public FirewallRules withPublishRate(Rate rate) {
        return new FirewallRules(
                allow,
                deny,
                connectionRate,
                maxConnectionsPerIp,
                bans,
                maxTrackedAddresses,
                rate,
                slowConsumers,
                clientIdBans,
                thingBans,
                banExempt);
    }

    public FirewallRules withSlowConsumers(SlowConsumerPolicy policy) {
        return new FirewallRules(
                allow,
                deny,
                connectionRate,
                maxConnectionsPerIp,
                bans,
                maxTrackedAddresses,
                publishRate,
                policy,
                clientIdBans,
                thingBans,
                banExempt);
    }

    private static List<Cidr> parse(String... cidrs) {
        return Arrays.stream(cidrs).map(Cidr::parse).toList();
    }
}

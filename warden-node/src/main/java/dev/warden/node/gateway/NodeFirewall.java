package dev.warden.node.gateway;

import dev.warden.api.GatewayAdmin;
import dev.warden.gateway.Ban;
import dev.warden.gateway.BanTarget;
import dev.warden.gateway.DropReason;
import dev.warden.gateway.GatewayCounters;
import dev.warden.gateway.MqttGateway;
import dev.warden.gateway.SubscriberDrops;
import dev.warden.registry.store.GatewayBanDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's bans and counters for the admin API. Operators' bans are stored (registry's {@code gateway_bans})
 * before they take effect and put back into the firewall at every start until they expire; automatic bans live in
 * the gateway's memory only (a restart forgives them, as it forgets the failures that led to them).
 */
public final class NodeFirewall implements GatewayAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(NodeFirewall.class);

    private final Supplier<MqttGateway> gateway;
    private final Database database;
    private final Clock clock;

    public NodeFirewall(Supplier<MqttGateway> gateway, Database database, Clock clock) {
        this.gateway = gateway;
        this.database = database;
        this.clock = clock;
    }

    /** Puts the stored operators' bans still in force back into {@code started}'s firewall; returns how many. */
    public static int restore(MqttGateway started, Database database, Clock clock) {
        Instant now = clock.instant();
        List<GatewayBanDao.StoredBan> stored = database.inTransaction(h -> new GatewayBanDao(h).active(now));
        int restored = 0;
        for (GatewayBanDao.StoredBan b : stored) {
            try {
                started.firewall()
                        .restoreBan(
                                BanTarget.of(b.kind(), b.target()), Duration.between(now, b.expiresAt()), b.reason());
                restored++;
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring a stored ban of {} {}: {}", b.kind(), b.target(), e.getMessage());
            }
        }
        if (restored > 0) {
            LOG.info("Restored {} operator ban(s) of the MQTT gateway", restored);
        }
        return restored;
    }

    private MqttGateway gateway() {
        MqttGateway g = gateway.get();
        if (g == null) {
            throw new IllegalStateException("the MQTT gateway is not running");
        }
        return g;
    }

    @Override
    public List<Map<String, Object>> bans() {
        Instant now = clock.instant();
        List<Ban> bans = new ArrayList<>(gateway().firewall().bans());
        bans.sort(Comparator.comparing((Ban b) -> b.target().kind())
                .thenComparing(b -> b.target().value()));
        List<Map<String, Object>> views = new ArrayList<>(bans.size());
        for (Ban b : bans) {
            views.add(view(b.target(), b.remaining(), now, b.reason(), b.manual(), b.banCount()));
        }
        return views;
    }

    @Override
    public Map<String, Object> ban(String kind, String value, Duration duration, String reason, String actor) {
        BanTarget target = BanTarget.of(kind, value);
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("a ban lasts from 1 second to 365 days");
        }
        String why = reason == null || reason.isBlank() ? "operator" : reason;
        Instant now = clock.instant();
        // Stored first: a ban the node could not keep is not applied and reported as applied.
        database.useTransaction(h -> new GatewayBanDao(h)
                .put(new GatewayBanDao.StoredBan(
                        target.kind().label(), target.value(), now.plus(duration), why, actor, now)));
        gateway().firewall().ban(target, duration, why);
        return view(target, duration, now, why, true, 0);
    }

    @Override
    public boolean unban(String kind, String value) {
        BanTarget target = BanTarget.of(kind, value);
        boolean stored = database.inTransaction(
                h -> new GatewayBanDao(h).delete(target.kind().label(), target.value()));
        return gateway().firewall().unban(target) || stored;
    }

    @Override
    public int disconnect(String clientId) {
        return gateway().sessions().disconnectClient(clientId);
    }

    @Override
    public Map<String, Object> statistics(int subscribers) {
        MqttGateway g = gateway();
        GatewayCounters c = g.counters();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("connections", g.firewall().openConnections());
        stats.put("refusedConnections", c.refusedConnections());
        Map<String, Long> refused = new LinkedHashMap<>();
        c.refusedByReason().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> refused.put(e.getKey().name(), e.getValue()));
        stats.put("refusedByReason", refused);
        stats.put("bansStarted", c.bansStarted());
        stats.put("activeBans", c.activeBans());
        stats.put("trackedAddresses", c.trackedAddresses());
        Map<String, Long> drops = new LinkedHashMap<>();
        long total = 0;
        for (DropReason r : DropReason.values()) {
            long n = c.dropsByReason().getOrDefault(r, 0L);
            drops.put(r.label(), n);
            total += n;
        }
        stats.put("messagesDropped", total);
        stats.put("dropsByReason", drops);
        stats.put("slowConsumerDisconnects", c.slowConsumerDisconnects());
        stats.put("publishRateDisconnects", c.publishRateDisconnects());
        stats.put("publisherHolds", c.publisherHolds());
        stats.put("pushBackExpiries", c.pushBackExpiries());
        List<Map<String, Object>> bySubscriber = new ArrayList<>();
        for (SubscriberDrops d : g.subscriberDrops(subscribers)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("clientId", d.clientId());
            v.put("thing", d.thingName());
            v.put("connected", d.connected());
            v.put("dropped", d.total());
            Map<String, Long> byReason = new LinkedHashMap<>();
            d.drops().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> byReason.put(e.getKey().label(), e.getValue()));
            v.put("byReason", byReason);
            bySubscriber.add(v);
        }
        stats.put("dropsBySubscriber", bySubscriber);
        return stats;
    }

    private static Map<String, Object> view(
            BanTarget target, Duration remaining, Instant now, String reason, boolean manual, int banCount) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("kind", target.kind().label());
        v.put("value", target.value());
        v.put("remainingSeconds", Math.max(1, remaining.toSeconds()));
        v.put("expiresAt", now.plus(remaining).toString());
        v.put("reason", reason);
        v.put("manual", manual);
        v.put("banCount", banCount);
        return v;
    }
}

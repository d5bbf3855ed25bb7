package dev.warden.region.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.region.RegionException;
import dev.warden.region.core.Member;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import dev.warden.registry.residency.DeviceStatusSnapshot;
import dev.warden.registry.residency.ReplicatedDevice;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standby's side of the replica: every {@link #EVERY}, for each region that names this one its standby, asks the
 * region for its device status with the version it holds; the region answers "unchanged" or the whole snapshot, which
 * replaces the replica in one transaction. A revocation at home thus reaches the standby within seconds, while home
 * is up. A region failed over to this one is not asked (it is down, and its replica must not change under the
 * devices being served from it).
 */
public final class StandbyReplica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyReplica.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration EVERY = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String region;
    private final Supplier<List<Member>> members;
    private final Function<String, LinkClient> clients;
    private final FailoverStore store;
    private final Clock clock;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread thread;

    public StandbyReplica(
            String region,
            Supplier<List<Member>> members,
            Function<String, LinkClient> clients,
            FailoverStore store,
            Clock clock) {
        this.region = region;
        this.members = members;
        this.clients = clients;
        this.store = store;
        this.clock = clock;
    }

    public StandbyReplica start() {
        running = true;
        thread = new Thread(this::loop, "warden-region-standby-replica");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            syncAll();
            try {
                Thread.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round: every home region that names this one its standby and is not failed over here. */
    void syncAll() {
        for (Member m : members.get()) {
            if (!m.active() || !m.standby().equals(region) || m.region().equals(region)) {
                continue;
            }
            if (store.failover(m.region()).isPresent()) {
                continue;
            }
            try {
                sync(m.region());
                if (failing.remove(m.region())) {
                    LOG.info("Standby replica of {} is current again", m.region());
                }
            } catch (RegionException | IllegalArgumentException e) {
                if (failing.add(m.region())) {
                    LOG.warn("Standby replica of {}: {}", m.region(), e.getMessage());
                }
            }
        }
    }

    /** Brings the replica of {@code home} up to date; returns whether it changed. */
    public boolean sync(String home) {
        var held = store.sync(home);
        String version = held.map(FailoverStore.Sync::version).orElse("");
        JsonNode reply = clients.apply(home)
                .call(
                        LinkOperation.DEVICE_STATUS,
                        "version=" + URLEncoder.encode(version, StandardCharsets.UTF_8),
                        null,
                        TIMEOUT);
        if (reply.path("unchanged").asBoolean(false) && held.isPresent()) {
            store.touch(home, held.get(), clock.instant());
            return false;
        }
        DeviceStatusSnapshot snapshot = parse(reply);
        String computed = snapshot.version();
        if (!computed.equals(reply.path("version").asText())) {
            throw new IllegalArgumentException("the device status of " + home + " does not match its version");
        }
        store.replaceReplica(home, snapshot, computed, clock.instant());
        return true;
    }

    static DeviceStatusSnapshot parse(JsonNode reply) {
        List<ReplicatedDevice> devices = new ArrayList<>();
        for (JsonNode d : reply.path("devices")) {
            Map<String, String> attributes = new TreeMap<>();
            d.path("attributes")
                    .fields()
                    .forEachRemaining(
                            e -> attributes.put(e.getKey(), e.getValue().asText()));
            List<String> policies = new ArrayList<>();
            d.path("policies").forEach(p -> policies.add(p.asText()));
            devices.add(new ReplicatedDevice(
                    d.path("serial").asText(),
                    d.path("fingerprint").asText(),
                    d.path("thing").asText(),
                    d.path("status").asText(),
                    attributes,
                    policies));
        }
        Map<String, String> policies = new TreeMap<>();
        reply.path("policies")
                .fields()
                .forEachRemaining(e -> policies.put(e.getKey(), e.getValue().asText()));
        return new DeviceStatusSnapshot(devices, policies);
    }

    /** The home side's answer to {@link LinkOperation#DEVICE_STATUS}. */
    static Map<String, Object> answer(DeviceStatusSnapshot snapshot, String heldVersion) {
        String version = snapshot.version();
        if (version.equals(heldVersion)) {
            return Map.of("version", version, "unchanged", true);
        }
        return Map.of(
                "version",
                version,
                "unchanged",
                false,
                "devices",
                JSON.valueToTree(snapshot.devices()),
                "policies",
                snapshot.policies());
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}

package dev.warden.region.failover;

import dev.warden.gateway.AuthenticationResult;
import dev.warden.gateway.AuthenticationResult.RejectionReason;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.pki.Fingerprints;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySet;
import dev.warden.registry.residency.DeviceStatusSnapshot;
import dev.warden.registry.residency.GuestDevices;
import dev.warden.registry.residency.ReplicatedDevice;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The failed-over regions this region serves, in memory: each one's replicated devices by serial and its policies
 * compiled, loaded when a failover is declared or ends ({@link #reload()}), so that a CONNECT reads no replica table.
 * A device is let in only with the exact certificate its home registered, active when the replica was last taken.
 */
public final class GuestRegistry implements GuestDevices {
    private record Served(Map<String, ReplicatedDevice> bySerial, Map<String, PolicySet> byThing) {}

    private final FailoverStore store;
    private final Predicate<String> localThing;
    private volatile Map<String, Served> served = Map.of();

    /** @param localThing whether this region has a thing of that name (a guest may never take its client ID) */
    public GuestRegistry(FailoverStore store, Predicate<String> localThing) {
        this.store = store;
        this.localThing = localThing;
    }

    /** Reads the failovers in force and their replicas again. */
    public synchronized void reload() {
        Map<String, Served> next = new HashMap<>();
        for (FailoverStore.Record r : store.failovers()) {
            if (r.state() == FailoverStore.State.ACTIVE) {
                next.put(r.homeRegion(), load(store.replica(r.homeRegion())));
            }
        }
        served = Map.copyOf(next);
    }

    private static Served load(DeviceStatusSnapshot replica) {
        Map<String, Policy> compiled = new HashMap<>();
        replica.policies().forEach((name, document) -> compiled.put(name, PolicyParser.parse(name, document)));
        Map<String, PolicySet> byThing = new HashMap<>();
        for (ReplicatedDevice d : replica.devices()) {
            List<Policy> policies = new ArrayList<>();
            for (String name : d.policies()) {
                Policy p = compiled.get(name);
                if (p != null) {
                    policies.add(p);
                }
            }
            byThing.put(d.thing(), PolicySet.of(policies));
        }
        return new Served(
                replica.devices().stream().collect(Collectors.toMap(ReplicatedDevice::serial, d -> d, (a, b) -> a)),
                byThing);
    }

    @Override
    public boolean serves(String homeRegion) {
        return served.containsKey(homeRegion);
    }

    @Override
    public AuthenticationResult authenticate(String homeRegion, X509Certificate leaf) {
        Served s = served.get(homeRegion);
        String serial = leaf.getSerialNumber().toString(16);
        if (s == null) {
            return AuthenticationResult.reject(
                    RejectionReason.CERTIFICATE_UNKNOWN, "region " + homeRegion + " is not failed over to this region");
        }
        ReplicatedDevice d = s.bySerial().get(serial);
        String fingerprint = Fingerprints.sha256Hex(leaf);
        if (d == null || !d.fingerprint().equalsIgnoreCase(fingerprint)) {
            return AuthenticationResult.reject(
                    RejectionReason.CERTIFICATE_UNKNOWN,
                    "certificate " + serial + " is no device certificate of " + homeRegion + " in the replica");
        }
        if ("REVOKED".equals(d.status())) {
            return AuthenticationResult.reject(
                    RejectionReason.CERTIFICATE_REVOKED, "certificate " + serial + " was revoked in " + homeRegion);
        }
        if (!d.active()) {
            return AuthenticationResult.reject(
                    RejectionReason.CERTIFICATE_INACTIVE, "certificate " + serial + " is " + d.status());
        }
        if (localThing.test(d.thing())) {
            // Its client ID and topics would be a local device's: refused rather than let one take the other's place.
            return AuthenticationResult.reject(
                    RejectionReason.THING_UNKNOWN,
                    "thing " + d.thing() + " of " + homeRegion + " has the name of a thing of this region");
        }
        return AuthenticationResult.accept(
                new DeviceIdentity(d.thing(), serial, fingerprint, d.attributes(), homeRegion));
    }

    @Override
    public PolicySet policiesOf(String homeRegion, String thing) {
        Served s = served.get(homeRegion);
        PolicySet policies = s == null ? null : s.byThing().get(thing);
        if (policies == null) {
            throw new IllegalStateException("no policies of " + thing + " of " + homeRegion + " here");
        }
        return policies;
    }
}

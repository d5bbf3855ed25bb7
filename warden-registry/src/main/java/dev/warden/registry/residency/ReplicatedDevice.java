package dev.warden.registry.residency;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One device certificate of a region as its standby keeps it: enough to decide a CONNECT while the region is failed
 * over (the exact certificate, its status, its thing and that thing's attributes and policies), and nothing of the
 * device's data.
 *
 * @param serial      the serial in lower-case hex without leading zeros
 * @param fingerprint hex SHA-256 of the certificate's DER encoding
 * @param status      the certificate's status at home ({@code ACTIVE}, {@code REVOKED}, ...)
 * @param policies    names of the policies attached to the thing and to its thing groups
 */
public record ReplicatedDevice(
        String serial,
        String fingerprint,
        String thing,
        String status,
        Map<String, String> attributes,
        List<String> policies) {
    public ReplicatedDevice {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(thing, "thing");
        Objects.requireNonNull(status, "status");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    public boolean active() {
        return "ACTIVE".equals(status);
    }
}

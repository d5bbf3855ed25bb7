package dev.warden.registry.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A registered device: its name is its identity in policies (client ID = thing name by default). */
public record Thing(
        String name,
        String region,
        String account,
        String thingType,
        Map<String, String> attributes,
        Instant createdAt) {
    public Thing {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}

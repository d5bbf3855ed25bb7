package dev.warden.compliance.inventory;

import java.time.Instant;
import java.util.List;

/** A person's account: whether MFA is on, and the groups whose policies apply to them. */
public record UserView(String name, boolean mfaEnabled, Instant createdAt, List<String> groups) {
    public UserView {
        groups = List.copyOf(groups);
    }
}

package dev.warden.console;

import dev.warden.console.core.SessionLifetime;
import dev.warden.policy.Arn;
import java.util.Objects;

/** The console's settings: this node's region and account (for resource ARNs) and how long sessions live. */
public record ConsoleSettings(String region, String account, SessionLifetime lifetime) {
    public ConsoleSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(lifetime, "lifetime");
    }

    /** {@code arn:warden:<service>:<region>:<account>:<resource>}, or IAM's form without a region: as the API's. */
    String arn(String service, String resource) {
        return ("iam".equals(service) ? Arn.iam(account, resource) : Arn.of(service, region, account, resource))
                .toString();
    }
}

package dev.warden.audit;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One recorded action, before it takes its place in the chain. Details are a small sorted map (reason codes,
 * counters); they are part of the hash like every other field.
 *
 * @param eventId           a random UUID, stable even if rows are renumbered by an attacker
 * @param timeNanos         UTC epoch nanoseconds
 * @param decidingStatement the policy statement that decided, when a policy decided
 */
public record AuditEvent(
        String eventId,
        long timeNanos,
        String region,
        String node,
        AuditPrincipal principal,
        String sourceIp,
        String action,
        String resource,
        AuditResult result,
        String decidingStatement,
        String requestId,
        SortedMap<String, String> details) {

    public AuditEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
        details = details == null ? new TreeMap<>() : new TreeMap<>(details);
        details = java.util.Collections.unmodifiableSortedMap(details);
    }

    /** Starts an event with a fresh id; the builder fills in the rest. */
    public static Builder builder(String region, String node) {
        return new Builder(region, node);
    }

    /**
     * A random (version 4) UUID. Ids must be unique, not unpredictable, so a per-thread generator serves: the
     * SecureRandom behind {@link UUID#randomUUID()} would serialize the data plane's threads.
     */
    static String newEventId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** Collects the fields of an event; {@link #build()} stamps the time from the caller's clock. */
    public static final class Builder {
        private final String region;
        private final String node;
        private AuditPrincipal principal = AuditPrincipal.ANONYMOUS;
        private String sourceIp;
        private String action;
        private String resource;
        private AuditResult result = AuditResult.ALLOW;
        private String decidingStatement;
        private String requestId;
        private final SortedMap<String, String> details = new TreeMap<>();

        private Builder(String region, String node) {
            this.region = region;
            this.node = node;
        }

        public Builder principal(AuditPrincipal value) {
            this.principal = value;
            return this;
        }

        public Builder sourceIp(String value) {
            this.sourceIp = value;
            return this;
        }

        public Builder action(String value) {
            this.action = value;
            return this;
        }

        public Builder resource(String value) {
            this.resource = value;
            return this;
        }

        public Builder result(AuditResult value) {
            this.result = value;
            return this;
        }

        public Builder decidingStatement(String value) {
            this.decidingStatement = value;
            return this;
        }

        public Builder requestId(String value) {
            this.requestId = value;
            return this;
        }

        public Builder detail(String key, Object value) {
            if (value != null) {
                details.put(key, String.valueOf(value));
            }
            return this;
        }

        public Builder details(Map<String, String> values) {
            values.forEach(this::detail);
            return this;
        }

        public AuditEvent build(long timeNanos) {
            return new AuditEvent(
                    newEventId(),
                    timeNanos,
                    region,
                    node,
                    principal,
                    sourceIp,
                    action,
                    resource,
                    result,
                    decidingStatement,
                    requestId,
                    details);
        }
    }
}

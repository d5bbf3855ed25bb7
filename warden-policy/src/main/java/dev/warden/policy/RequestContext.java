package dev.warden.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable request context: condition keys / policy variables and their values. Keys are case-insensitive (as in
 * AWS); a key put several times is multi-valued. Keys with the {@code aws:} prefix are treated as {@code warden:}
 * keys, so imported AWS policies using {@code aws:SourceIp} see {@code warden:SourceIp}.
 */
public final class RequestContext {

    private static final RequestContext EMPTY = new RequestContext(Map.of());

    /** Well-known keys (any other key is allowed too). */
    public static final String CLIENT_ID = "iot:ClientId";

    public static final String THING_NAME = "iot:Connection.Thing.ThingName";
    public static final String THING_TYPE_NAME = "iot:Connection.Thing.ThingTypeName";
    public static final String THING_IS_ATTACHED = "iot:Connection.Thing.IsAttached";
    public static final String CERT_SUBJECT_CN = "iot:Certificate.Subject.CommonName";
    public static final String SOURCE_IP = "warden:SourceIp";
    public static final String CURRENT_TIME = "warden:CurrentTime";
    public static final String EPOCH_TIME = "warden:EpochTime";
    public static final String USERNAME = "warden:username";
    public static final String MFA_PRESENT = "warden:MultiFactorAuthPresent";
    /** The region that received and decides the request (as AWS's {@code aws:RequestedRegion}). */
    public static final String REQUESTED_REGION = "warden:RequestedRegion";
    /** The region of the resource acted on, from its ARN; absent for a global resource (IAM). */
    public static final String RESOURCE_REGION = "warden:ResourceRegion";

    private final Map<String, String[]> values;

    private RequestContext(Map<String, String[]> values) {
        this.values = values;
    }

    public static RequestContext empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One instance of each well-known normalised key: a policy's variables and a request's keys then name the same
     * String, and a lookup compares references instead of characters.
     */
    private static final Map<String, String> CANONICAL = canonical(
            CLIENT_ID,
            THING_NAME,
            THING_TYPE_NAME,
            THING_IS_ATTACHED,
            CERT_SUBJECT_CN,
            SOURCE_IP,
            CURRENT_TIME,
            EPOCH_TIME,
            USERNAME,
            MFA_PRESENT,
            REQUESTED_REGION,
            RESOURCE_REGION);

    private static Map<String, String> canonical(String... keys) {
        Map<String, String> m = new HashMap<>();
        for (String k : keys) {
            String n = k.toLowerCase(Locale.ROOT);
            m.put(n, n);
        }
        return Map.copyOf(m);
    }

    /** Normalises a key: lower case (ROOT locale), {@code aws:} prefix mapped to {@code warden:}. */
    static String normalizeKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.startsWith("aws:")) {
            k = "warden:" + k.substring(4);
        }
        return CANONICAL.getOrDefault(k, k);
    }

    /** All values of a key (empty list when absent). */
    public List<String> values(String key) {
        String[] v = values.get(normalizeKey(key));
        return v == null ? List.of() : Collections.unmodifiableList(Arrays.asList(v));
    }

    /** The value of a single-valued key; empty when absent or multi-valued. */
    public Optional<String> value(String key) {
        return Optional.ofNullable(single(normalizeKey(key)));
    }

    public boolean contains(String key) {
        return values.containsKey(normalizeKey(key));
    }

    /** Normalised (lower-case) key names. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** Hot path: values for an already normalised key, or null. Never modify the returned array. */
    String[] raw(String normalizedKey) {
        return values.get(normalizedKey);
    }

    /** Hot path: the value of an already normalised single-valued key, or null if absent or multi-valued. */
    String single(String normalizedKey) {
        String[] v = values.get(normalizedKey);
        return v != null && v.length == 1 ? v[0] : null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RequestContext{");
        boolean first = true;
        for (Map.Entry<String, String[]> e : values.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append('=').append(Arrays.toString(e.getValue()));
        }
        return sb.append('}').toString();
    }

    /** Mutable, single-use builder. */
    public static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        private Builder() {}

        /** Adds a value; putting the same key again (any case) makes it multi-valued. */
        public Builder put(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            values.computeIfAbsent(normalizeKey(key), k -> new ArrayList<>(1)).add(value);
            return this;
        }

        /** Adds all values for one key (an empty collection leaves the key absent). */
        public Builder putAll(String key, Collection<String> vals) {
            Objects.requireNonNull(vals, "values");
            for (String v : vals) {
                put(key, v);
            }
            return this;
        }

        /** Adds every entry of the map (one value per key). */
        public Builder putAll(Map<String, String> map) {
            map.forEach(this::put);
            return this;
        }

        /** Replaces all values of a key. */
        public Builder set(String key, String value) {
            remove(key);
            return put(key, value);
        }

        public Builder remove(String key) {
            values.remove(normalizeKey(Objects.requireNonNull(key, "key")));
            return this;
        }

        /** Sets {@code warden:CurrentTime} (ISO 8601) and {@code warden:EpochTime} (seconds). */
        public Builder currentTime(Instant now) {
            set(CURRENT_TIME, now.toString());
            return set(EPOCH_TIME, Long.toString(now.getEpochSecond()));
        }

        public RequestContext build() {
            Map<String, String[]> m = new HashMap<>(Math.max(4, values.size() * 2));
            values.forEach((k, v) -> m.put(k, v.toArray(new String[0])));
            return new RequestContext(m);
        }
    }
}

package dev.warden.gateway;

import dev.warden.policy.Utf8Length;

/** Topic name and filter rules (MQTT 3.1.1 section 4.7, MQTT 5 section 4.7/4.8.2). */
final class Topics {
    private static final String SHARE_PREFIX = "$share/";

    private Topics() {}

    /** A shared subscription {@code $share/group/filter}. */
    record SharedFilter(String group, String filter) {}

    static boolean isValidName(String topic, GatewayLimits limits) {
        return withinLimits(topic, limits) && topic.indexOf('+') < 0 && topic.indexOf('#') < 0;
    }

    static boolean isValidFilter(String filter, GatewayLimits limits) {
        if (!withinLimits(filter, limits)) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#")) {
                if (i != levels.length - 1) {
                    return false;
                }
            } else if (!level.equals("+") && (level.indexOf('+') >= 0 || level.indexOf('#') >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** The shared form of {@code filter}, null when it is an ordinary filter, or throws if malformed. */
    static SharedFilter shared(String filter) {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return null;
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        if (slash <= SHARE_PREFIX.length() || slash == filter.length() - 1) {
            throw new IllegalArgumentException("malformed shared subscription");
        }
        String group = filter.substring(SHARE_PREFIX.length(), slash);
        if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
            throw new IllegalArgumentException("wildcard in share name");
        }
        return new SharedFilter(group, filter.substring(slash + 1));
    }

    /**
     * Whether {@code topic} matches {@code filter}. Topics starting with '$' are not matched by a filter whose first
     * level is a wildcard, so {@code #} never sees {@code $SYS} or similar internal topics.
     */
    static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        int i = 0;
        for (; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return i == t.length;
    }

    private static boolean withinLimits(String s, GatewayLimits limits) {
        if (s == null || s.isEmpty() || s.indexOf('\u0000') >= 0) {
            return false;
        }
        // Counted without encoding: this runs for every PUBLISH.
        if (Utf8Length.of(s) > limits.maxTopicLength()) {
            return false;
        }
        int levels = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '/') {
                levels++;
            }
        }
        return levels <= limits.maxTopicLevels();
    }
}

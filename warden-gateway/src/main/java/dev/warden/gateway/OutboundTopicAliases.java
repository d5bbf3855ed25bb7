package dev.warden.gateway;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MQTT 5 topic aliases the gateway assigns for the PUBLISHes it sends one client, up to the Topic Alias Maximum
 * the client announced in CONNECT (and at most {@link #MAX}). The first PUBLISH on a topic carries the topic and a
 * new alias, later ones only the alias; when every alias is taken, the least recently used one is redefined for the
 * new topic. One connection's, broker thread only (every PUBLISH to a client is written from there, in order, so the
 * client learns each alias before it is used).
 */
final class OutboundTopicAliases {
    /** Most aliases the gateway keeps for one client, whatever larger maximum it announces. */
    static final int MAX = 64;

    private final int max;
    /** Topic to alias, least recently used first. */
    private final LinkedHashMap<String, Integer> byTopic = new LinkedHashMap<>(16, 0.75f, true);

    private int nextFree = 1;

    /** {@code clientMaximum}: the client's Topic Alias Maximum (0: it accepts none). */
    OutboundTopicAliases(int clientMaximum) {
        this.max = Math.max(0, Math.min(MAX, clientMaximum));
    }

    /** Whether the client accepts aliases at all. */
    boolean enabled() {
        return max > 0;
    }

    /**
     * The alias for a PUBLISH on {@code topic}: positive when the client already has it (send an empty topic),
     * negative when it is (re)defined now (send the topic with the alias {@code -result}), 0 when none is used.
     */
    int aliasFor(String topic) {
        if (max == 0) {
            return 0;
        }
        Integer known = byTopic.get(topic);
        if (known != null) {
            return known;
        }
        int alias;
        if (nextFree <= max) {
            alias = nextFree++;
        } else {
            Iterator<Map.Entry<String, Integer>> eldest = byTopic.entrySet().iterator();
            alias = eldest.next().getValue();
            eldest.remove();
        }
        byTopic.put(topic, alias);
        return -alias;
    }

    /** How many aliases are in use (for tests). */
    int size() {
        return byTopic.size();
    }
}

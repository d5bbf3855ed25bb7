package dev.warden.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * Ordinary (non-shared) subscriptions in a tree of topic levels, so a PUBLISH visits only the branches its topic can
 * match instead of every subscription of every session. Broker thread only.
 */
final class SubscriptionIndex {

    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        final Map<String, Subscription> byClient = new HashMap<>();

        boolean isEmpty() {
            return children.isEmpty() && byClient.isEmpty();
        }
    }

    private final Node root = new Node();

    /** Adds or replaces {@code clientId}'s subscription to {@code subscription.filter()}. */
    void put(String clientId, Subscription subscription) {
        Node node = root;
        for (String level : subscription.filter().split("/", -1)) {
            node = node.children.computeIfAbsent(level, k -> new Node());
        }
        node.byClient.put(clientId, subscription);
    }

    void remove(String clientId, Subscription subscription) {
        remove(root, subscription.filter().split("/", -1), 0, clientId);
    }

    /**
     * Per client, the matching subscription with the highest QoS (one delivery per client, as MQTT allows for
     * overlapping subscriptions). Subscriptions with No Local do not match the publisher's own messages.
     */
    Map<String, Subscription> match(String topic, String publisherId) {
        Map<String, Subscription> best = new HashMap<>();
        match(topic, publisherId, best);
        return best;
    }

    /** As {@link #match(String, String)}, into {@code best}: the broker reuses one map for every PUBLISH. */
    void match(String topic, String publisherId, Map<String, Subscription> best) {
        // Wildcards at the first level never match topics starting with '$'.
        collect(root, topic, 0, !topic.startsWith("$"), publisherId, best);
    }

    /**
     * Matches the levels of {@code topic} from index {@code from} (past its end when every level is matched).
     * Levels are cut out of the topic as the walk needs them, not split up front: this runs for every PUBLISH.
     */
    private static void collect(
            Node node,
            String topic,
            int from,
            boolean wildcardsAllowed,
            String publisherId,
            Map<String, Subscription> best) {
        if (wildcardsAllowed) {
            Node multi = node.children.get("#");
            if (multi != null) {
                offer(multi, publisherId, best);
            }
        }
        if (from > topic.length()) {
            offer(node, publisherId, best);
            return;
        }
        int slash = topic.indexOf('/', from);
        int end = slash < 0 ? topic.length() : slash;
        Node exact = node.children.get(topic.substring(from, end));
        if (exact != null) {
            collect(exact, topic, end + 1, true, publisherId, best);
        }
        if (wildcardsAllowed) {
            Node single = node.children.get("+");
            if (single != null) {
                collect(single, topic, end + 1, true, publisherId, best);
            }
        }
    }

    private static void offer(Node node, String publisherId, Map<String, Subscription> best) {
        for (Map.Entry<String, Subscription> e : node.byClient.entrySet()) {
            Subscription sub = e.getValue();
            if (sub.noLocal() && e.getKey().equals(publisherId)) {
                continue;
            }
            best.merge(e.getKey(), sub, (a, b) -> b.qos().value() > a.qos().value() ? b : a);
        }
    }

    /** Returns whether {@code node} is empty afterwards, so the parent can drop it. */
    private static boolean remove(Node node, String[] levels, int i, String clientId) {
        if (i == levels.length) {
            node.byClient.remove(clientId);
            return node.isEmpty();
        }
        Node child = node.children.get(levels[i]);
        if (child != null && remove(child, levels, i + 1, clientId)) {
            node.children.remove(levels[i]);
        }
        return node.isEmpty();
    }

    /** Number of tree nodes below the root; for tests of pruning. */
    int nodeCount() {
        return count(root) - 1;
    }

    private static int count(Node node) {
        int n = 1;
        for (Node child : node.children.values()) {
            n += count(child);
        }
        return n;
    }
}

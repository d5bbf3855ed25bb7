package dev.warden.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared subscriptions ({@code $share/<group>/<filter>}): the members of each group, by raw filter, and the
 * round-robin that gives each matching PUBLISH to one of them. Broker thread only.
 */
final class SharedSubscriptions {

    /** The members of one shared subscription, served round-robin. */
    private static final class Group {
        final String filter;
        final List<String> members = new ArrayList<>();
        int next;

        Group(String filter) {
            this.filter = filter;
        }
    }

    private final Map<String, Group> groups = new HashMap<>();

    /** The client is a member of the group of {@code sub} (once, however often it subscribes). */
    void join(String clientId, Subscription sub) {
        Group group = groups.computeIfAbsent(sub.rawFilter(), k -> new Group(sub.filter()));
        if (!group.members.contains(clientId)) {
            group.members.add(clientId);
        }
    }

    void leave(String clientId, Subscription sub) {
        String rawFilter = sub.rawFilter();
        Group group = groups.get(rawFilter);
        if (group != null) {
            group.members.remove(clientId);
            if (group.members.isEmpty()) {
                groups.remove(rawFilter);
            } else {
                group.next = group.next % group.members.size();
            }
        }
    }

    /** Offers the message to one member of every group whose filter matches its topic. */
    void deliver(Message message, SessionTable sessions) {
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            Group group = e.getValue();
            if (!group.members.isEmpty() && Topics.matches(group.filter, message.topic())) {
                Session target = pickMember(group, sessions);
                Subscription sub = target == null ? null : target.subscription(e.getKey());
                if (sub != null) {
                    target.offer(Delivery.of(message, sub));
                }
            }
        }
    }

    /** Round-robin over the group, preferring connected members; an offline persistent member queues. */
    private static Session pickMember(Group group, SessionTable sessions) {
        int n = group.members.size();
        Session fallback = null;
        for (int i = 0; i < n; i++) {
            int index = (group.next + i) % n;
            Session candidate = sessions.get(group.members.get(index));
            if (candidate == null) {
                continue;
            }
            if (candidate.isOnline()) {
                group.next = (index + 1) % n;
                return candidate;
            }
            if (fallback == null) {
                fallback = candidate;
            }
        }
        group.next = (group.next + 1) % n;
        return fallback;
    }
}

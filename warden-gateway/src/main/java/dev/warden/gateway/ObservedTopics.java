package dev.warden.gateway;

import java.util.List;

/**
 * The distinct topics one connection published to (authorized) and the topic filters it was granted, since the last
 * time they were read: what a policy generated from observed traffic must allow. At most {@link #MAX} of each per
 * connection and period, so a device that publishes to a topic per message costs bounded memory.
 */
public record ObservedTopics(List<String> published, List<String> subscribed) {
    public static final int MAX = 100;

    public ObservedTopics {
        published = List.copyOf(published);
        subscribed = List.copyOf(subscribed);
    }
}

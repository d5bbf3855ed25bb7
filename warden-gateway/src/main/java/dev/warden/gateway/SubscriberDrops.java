package dev.warden.gateway;

import java.util.Map;

/**
 * Messages one subscriber session has not been given, by reason, since it was created (or restored).
 *
 * @param clientId  the subscriber's client ID
 * @param thingName its thing
 * @param connected whether it is connected now
 * @param drops     messages dropped, by reason (reasons with none are absent)
 */
public record SubscriberDrops(String clientId, String thingName, boolean connected, Map<DropReason, Long> drops) {
    public SubscriberDrops {
        drops = Map.copyOf(drops);
    }

    public long total() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }
}

package dev.warden.region.failover;

import java.util.List;

/**
 * The data a standby kept for a failed-over region's devices, apart from its own (the node backs it with its
 * telemetry store, under guest names): read segment by segment at failback, and deleted once handed back.
 */
public interface GuestData {
    /** One message as the device published it. */
    record Message(String topic, long receivedAtMillis, byte[] payload) {
        @Override
        public String toString() {
            // Never the payload: device data may be personal data.
            return "Message[topic=" + topic + ", receivedAt=" + receivedAtMillis + "]";
        }
    }

    /** A stored segment: its id (the handback's idempotency key) and its messages, oldest first. */
    record Segment(String id, List<Message> messages) {}

    /** The devices (thing names at home) of {@code homeRegion} that have data here. */
    List<String> things(String homeRegion);

    /** Up to {@code limit} of the oldest segments of {@code thing} of {@code homeRegion}. */
    List<Segment> segments(String homeRegion, String thing, int limit);

    /** Deletes segments once their home stored them. */
    void delete(String homeRegion, String thing, List<String> segmentIds);
}

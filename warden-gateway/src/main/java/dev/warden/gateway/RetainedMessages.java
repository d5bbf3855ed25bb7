package dev.warden.gateway;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's retained messages, at most one per topic and at most {@link GatewayLimits#maxRetainedMessages()} in
 * all, and what the {@link SessionStore} keeps of them. Confined to the broker thread.
 *
 * <p>Each stored message has a random id rather than a key derived from its topic: topics are device data (often
 * guessable ones), so the store must not be able to tell or test which topic a row is about. The broker remembers
 * the id it gave each topic, so a replacement or a clear deletes the right row without the store ever seeing a topic.
 */
final class RetainedMessages {
    private static final Logger LOG = LoggerFactory.getLogger(RetainedMessages.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A retained message, the thing that published it (its key encrypts the stored copy) and its stored id. */
    private record Entry(Message message, String thing, String id) {}

    private final Map<String, Entry> byTopic = new LinkedHashMap<>();
    private final int max;
    private final SessionJournal journal;

    RetainedMessages(int max, SessionJournal journal) {
        this.max = max;
        this.journal = journal;
    }

    /**
     * Retains {@code message} on its topic for {@code thing}, replacing what was there; an empty payload clears the
     * topic (MQTT), durably.
     */
    void retain(Message message, String thing) {
        Entry old = byTopic.get(message.topic());
        if (message.payload().length == 0) {
            if (old != null) {
                remove(old);
            }
            return;
        }
        if (old == null && byTopic.size() >= max) {
            LOG.warn("Retained message store full ({}); not retaining on {}", max, message.topic());
            return;
        }
        if (old != null) {
            unstore(old);
        }
        Message retained = message.asRetained();
        // A publisher without a thing (none today) could not be encrypted for: such a message stays in memory only.
        boolean store = journal.enabled() && thing != null;
        Entry entry = new Entry(retained, thing, store ? newId() : null);
        byTopic.put(retained.topic(), entry);
        if (store) {
            journal.record(new SessionChange.PutRetained(
                    entry.id(), thing, SessionCodec.message(retained, System.nanoTime(), System.currentTimeMillis())));
        }
    }

    /** The unexpired retained messages whose topic matches {@code filter}; expired ones are deleted on the way. */
    List<Message> matching(String filter, long nowNanos) {
        List<Message> matches = new ArrayList<>();
        for (Entry e : List.copyOf(byTopic.values())) {
            if (e.message().expired(nowNanos)) {
                remove(e);
            } else if (Topics.matches(filter, e.message().topic())) {
                matches.add(e.message());
            }
        }
        return matches;
    }

    /**
     * Deletes every retained message the thing published (the thing was deleted or its data erased: nothing it
     * said stays behind for new subscribers). Returns how many.
     */
    int dropThing(String thing) {
        int dropped = 0;
        for (Entry e : List.copyOf(byTopic.values())) {
            if (thing.equals(e.thing())) {
                remove(e);
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * Brings back the retained messages stored when the broker last stopped. Expired and unreadable ones, a second
     * one for a topic already restored, and any beyond the limit are deleted from the store. Returns how many came
     * back.
     */
    int restore(List<StoredRetained> stored) {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        for (StoredRetained s : stored) {
            Message message;
            try {
                message = SessionCodec.message(s.message(), nowNanos, nowMillis);
            } catch (SessionCodec.UnreadableException e) {
                LOG.warn(
                        "A stored retained message of thing {} is unreadable ({}); deleting it",
                        s.thing(),
                        e.getMessage());
                journal.record(new SessionChange.RemoveRetained(s.id()));
                continue;
            }
            Entry old = byTopic.get(message.topic());
            if (message.expired(nowNanos) || byTopic.size() >= max && old == null) {
                journal.record(new SessionChange.RemoveRetained(s.id()));
                continue;
            }
            if (old != null) {
                // Only after a crash between writes: the later one (stored oldest first) wins, as it did in memory.
                unstore(old);
            }
            byTopic.put(message.topic(), new Entry(message.asRetained(), s.thing(), s.id()));
        }
        return byTopic.size();
    }

    int size() {
        return byTopic.size();
    }

    private void remove(Entry e) {
        byTopic.remove(e.message().topic(), e);
        unstore(e);
    }

    private void unstore(Entry e) {
        if (e.id() != null) {
            journal.record(new SessionChange.RemoveRetained(e.id()));
        }
    }

    private static String newId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}

package dev.warden.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Drops per subscriber (client ID), by reason, kept after the subscriber disconnects so an operator can see who lost
 * what. Broker thread only. Bounded: beyond {@link #MAX_SUBSCRIBERS} the subscriber that dropped least recently is
 * forgotten (its drops stay in the totals).
 */
final class SubscriberDropTable {
    static final int MAX_SUBSCRIBERS = 10_000;

    private static final class Entry {
        final String thing;
        final long[] drops = new long[DropReason.values().length];

        Entry(String thing) {
            this.thing = thing;
        }
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    void add(String clientId, String thing, DropReason reason) {
        Entry e = entries.get(clientId);
        if (e == null) {
            if (entries.size() >= MAX_SUBSCRIBERS) {
                Iterator<String> eldest = entries.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
            e = new Entry(thing);
            entries.put(clientId, e);
        }
        e.drops[reason.ordinal()]++;
    }

    /** Most drops first, at most {@code limit}. */
    List<SubscriberDrops> snapshot(int limit, Predicate<String> connected) {
        List<SubscriberDrops> all = new ArrayList<>(entries.size());
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Map<DropReason, Long> byReason = new EnumMap<>(DropReason.class);
            for (DropReason r : DropReason.values()) {
                long n = e.getValue().drops[r.ordinal()];
                if (n > 0) {
                    byReason.put(r, n);
                }
            }
            all.add(new SubscriberDrops(e.getKey(), e.getValue().thing, connected.test(e.getKey()), byReason));
        }
        all.sort(Comparator.comparingLong(SubscriberDrops::total).reversed());
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }
}

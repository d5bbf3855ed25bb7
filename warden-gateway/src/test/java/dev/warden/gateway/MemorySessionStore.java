package dev.warden.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SessionStore} that keeps what a database would, in memory, so that a gateway can be stopped and another
 * started on the same store: a restart without a database. Applies each batch atomically, like a transaction, and
 * can be told to fail. Keeps retained messages and pending wills too.
 */
final class MemorySessionStore implements SessionStore {
    private record Row(String thing, long expirySeconds, long disconnectedAtMillis, byte[] subscriptions) {}

    private record Held(int packetId, boolean released, byte[] message) {}

    private final Map<String, Row> sessions = new LinkedHashMap<>();
    private final Map<String, TreeMap<Long, Held>> messages = new LinkedHashMap<>();
    private final Map<String, StoredSession.PendingWill> wills = new LinkedHashMap<>();
    private final Map<String, StoredRetained> retained = new LinkedHashMap<>();
    final AtomicBoolean failWrites = new AtomicBoolean();
    final AtomicInteger batches = new AtomicInteger();
    final List<SessionChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public synchronized List<StoredSession> loadAll() {
        List<StoredSession> all = new ArrayList<>();
        sessions.forEach((clientId, row) -> {
            List<StoredSession.HeldMessage> held = new ArrayList<>();
            messages.getOrDefault(clientId, new TreeMap<>())
                    .forEach((seq, h) ->
                            held.add(new StoredSession.HeldMessage(seq, h.packetId(), h.released(), h.message())));
            all.add(new StoredSession(
                    clientId,
                    row.thing(),
                    row.expirySeconds(),
                    row.disconnectedAtMillis(),
                    row.subscriptions(),
                    held,
                    wills.get(clientId)));
        });
        return all;
    }

    @Override
    public synchronized List<StoredRetained> loadRetained() {
        return List.copyOf(retained.values());
    }

    @Override
    public synchronized void write(List<SessionChange> batch) {
        if (failWrites.get()) {
            throw new IllegalStateException("store down");
        }
        batches.incrementAndGet();
        changes.addAll(batch);
        for (SessionChange change : batch) {
            if (change instanceof SessionChange.Save s) {
                sessions.put(
                        s.clientId(),
                        new Row(s.thing(), s.expirySeconds(), s.disconnectedAtMillis(), s.subscriptions()));
            } else if (change instanceof SessionChange.Delete d) {
                sessions.remove(d.clientId());
                messages.remove(d.clientId());
                wills.remove(d.clientId());
            } else if (change instanceof SessionChange.PutMessage p) {
                messages.computeIfAbsent(p.clientId(), k -> new TreeMap<>())
                        .put(p.seq(), new Held(p.packetId(), p.released(), p.message()));
            } else if (change instanceof SessionChange.MarkMessage m) {
                TreeMap<Long, Held> held = messages.get(m.clientId());
                if (held != null && held.containsKey(m.seq())) {
                    held.put(
                            m.seq(),
                            new Held(
                                    m.packetId(),
                                    m.released(),
                                    held.get(m.seq()).message()));
                }
            } else if (change instanceof SessionChange.RemoveMessage r) {
                TreeMap<Long, Held> held = messages.get(r.clientId());
                if (held != null) {
                    held.remove(r.seq());
                }
            } else if (change instanceof SessionChange.PutWill w) {
                wills.put(w.clientId(), new StoredSession.PendingWill(w.dueAtMillis(), w.will()));
            } else if (change instanceof SessionChange.RemoveWill w) {
                wills.remove(w.clientId());
            } else if (change instanceof SessionChange.PutRetained r) {
                retained.put(r.id(), new StoredRetained(r.id(), r.thing(), r.message()));
            } else if (change instanceof SessionChange.RemoveRetained r) {
                retained.remove(r.id());
            }
        }
    }

    synchronized boolean hasSession(String clientId) {
        return sessions.containsKey(clientId);
    }

    synchronized boolean hasWill(String clientId) {
        return wills.containsKey(clientId);
    }

    /** The stored retained messages, as the broker encoded them (topic and payload inside). */
    synchronized List<StoredRetained> retained() {
        return List.copyOf(retained.values());
    }

    synchronized int heldMessages(String clientId) {
        return messages.getOrDefault(clientId, new TreeMap<>()).size();
    }
}

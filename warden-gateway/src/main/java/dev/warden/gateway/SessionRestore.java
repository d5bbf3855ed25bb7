package dev.warden.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back, at start and before any client connects, the sessions and retained messages stored when the broker
 * last stopped. Broker thread only.
 */
final class SessionRestore {
    /** Logs under {@link Broker}, as before it was split off, so log settings keep applying. */
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final SessionTable sessions;
    private final Subscriptions subscriptions;
    private final RetainedMessages retained;
    private final SessionJournal journal;
    private final GatewayLimits limits;
    /** Publishes a will as its thing: retained if asked, and routed. */
    private final BiConsumer<Message, String> publish;

    SessionRestore(
            SessionTable sessions,
            Subscriptions subscriptions,
            RetainedMessages retained,
            SessionJournal journal,
            GatewayLimits limits,
            BiConsumer<Message, String> publish) {
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.retained = retained;
        this.journal = journal;
        this.limits = limits;
        this.publish = publish;
    }

    /** The retained messages, before {@link #sessions} (a will published there may replace one). */
    void retained(List<StoredRetained> stored) {
        int restored = retained.restore(stored);
        if (!stored.isEmpty()) {
            LOG.info(
                    "Restored {} retained messages; {} expired, unreadable or over the limit deleted",
                    restored,
                    stored.size() - restored);
        }
    }

    /**
     * The sessions. Expired ones and ones the broker cannot read are deleted from the store; a session's expiry goes
     * on from when its client went offline (or from now, if one was connected when the broker stopped). A will left
     * waiting goes on waiting until it is due (one that fell due while the broker was down is published right away);
     * the will of a session that expired meanwhile is published once every session is back, so their subscribers
     * get it.
     */
    void sessions(List<StoredSession> stored) {
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        int restored = 0;
        int messages = 0;
        List<Runnable> endedWills = new ArrayList<>();
        for (StoredSession s : stored) {
            long offlineSince = s.disconnectedAtMillis() == 0 ? nowMillis : s.disconnectedAtMillis();
            long remainingMillis =
                    Math.min(s.expirySeconds(), limits.maxSessionExpiry().toSeconds()) * 1000L
                            - (nowMillis - offlineSince);
            s.messages().forEach(m -> journal.seqAtLeast(m.seq()));
            if (s.expirySeconds() <= 0 || remainingMillis <= 0 || sessions.contains(s.clientId())) {
                Message will = readWill(s, nowNanos, nowMillis);
                if (will != null) {
                    endedWills.add(() -> publish.accept(will, s.thing()));
                }
                journal.record(new SessionChange.Delete(s.clientId(), s.thing()));
                continue;
            }
            if (restore(s, remainingMillis, nowNanos, nowMillis)) {
                restored++;
                messages += s.messages().size();
            }
        }
        endedWills.forEach(Runnable::run);
        if (!stored.isEmpty()) {
            LOG.info(
                    "Restored {} persistent sessions holding {} messages; {} expired or unreadable ones deleted, "
                            + "publishing the {} wills they left",
                    restored,
                    messages,
                    stored.size() - restored,
                    endedWills.size());
        }
    }

    /** Brings one unexpired session back; false (and deleted from the store) if it cannot be read. */
    private boolean restore(StoredSession s, long remainingMillis, long nowNanos, long nowMillis) {
        Session session = sessions.newSession(s.clientId());
        Message will;
        try {
            session.restored(s.thing(), s.expirySeconds());
            for (Subscription sub : SessionCodec.subscriptions(s.subscriptions())) {
                subscriptions.add(session, sub);
            }
            for (StoredSession.HeldMessage m : s.messages()) {
                session.restore(
                        m.seq(), m.packetId(), m.released(), SessionCodec.delivery(m.message(), nowNanos, nowMillis));
            }
            will = s.will() == null ? null : SessionCodec.message(s.will().will(), nowNanos, nowMillis);
        } catch (SessionCodec.UnreadableException e) {
            LOG.warn("Stored session of client {} is unreadable ({}); deleting it", s.clientId(), e.getMessage());
            sessions.discard(session);
            journal.record(new SessionChange.Delete(s.clientId(), s.thing()));
            return false;
        }
        session.markStored();
        if (will != null) {
            // One already due runs at once, on this thread, right after the restore.
            sessions.holdWill(session, will, s.will().dueAtMillis());
        }
        sessions.scheduleExpiry(session, Math.max(1, (remainingMillis + 999) / 1000));
        return true;
    }

    /** The will of a session that is not restored, if it has one the broker can read. */
    private static Message readWill(StoredSession s, long nowNanos, long nowMillis) {
        if (s.will() == null) {
            return null;
        }
        try {
            return SessionCodec.message(s.will().will(), nowNanos, nowMillis);
        } catch (SessionCodec.UnreadableException e) {
            LOG.warn("Stored will of client {} is unreadable ({}); dropping it", s.clientId(), e.getMessage());
            return null;
        }
    }
}

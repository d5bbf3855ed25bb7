package dev.warden.gateway;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link ConnectionFirewall}'s state per source address (token bucket, open connections, failures and ban
 * history) and its count of open connections, bounded by {@link FirewallRules#maxTrackedAddresses()}. Not
 * thread-safe: used only under the firewall's lock.
 *
 * <p>Idle state is evicted, and when the table is full the least recently seen address without connections or an
 * active ban is forgotten (it only loses its token bucket and failure count). If every tracked address holds a
 * connection or a ban, a new address gets no state.
 */
final class AddressTable {
    /** Idle entries looked at per new address: amortised cleanup without a background thread. */
    private static final int SWEEP_PER_CALL = 4;
    /** LRU entries looked at when the table is full before giving up. */
    private static final int EVICTION_SCAN = 64;

    /** State of one source address. */
    static final class AddressState {
        private final TokenBucket bucket;
        private int open;
        private long lastSeen;
        /** Failures and ban history, allocated on the first failure. */
        private Strikes strikes;
        /** Whether the address is banned now; kept in step with the {@link BanBook} under the firewall's lock. */
        private boolean banned;

        private AddressState(Rate rate, long now) {
            this.bucket = new TokenBucket(rate, now);
            this.lastSeen = now;
        }

        boolean banned() {
            return banned;
        }

        /** A failure from this address at {@code now}: its strikes, to count the failure in. */
        Strikes failedAt(long now) {
            lastSeen = now;
            if (strikes == null) {
                strikes = new Strikes();
            }
            return strikes;
        }

        void markBanned() {
            banned = true;
        }

        private int banCount() {
            return strikes == null ? 0 : strikes.banCount();
        }
    }

    private final FirewallRules rules;
    private final int maxConnections;
    private final BanBook bans;
    /** Access-ordered: the head is the least recently seen address. */
    private final LinkedHashMap<InetAddress, AddressState> addresses = new LinkedHashMap<>(64, 0.75f, true);

    private int openConnections;

    AddressTable(FirewallRules rules, int maxConnections, BanBook bans) {
        this.rules = rules;
        this.maxConnections = maxConnections;
        this.bans = bans;
    }

    /** The state of {@code address}, or null if it has none. */
    AddressState find(InetAddress address) {
        return addresses.get(address);
    }

    /**
     * Takes a connection from {@code address} if its bucket, its cap and the total cap allow; {@code existing} is its
     * state from {@link #find}, or null.
     */
    Admission admit(InetAddress address, AddressState existing, long now) {
        AddressState state = existing != null ? existing : stateFor(address, now);
        if (state == null) {
            return Admission.TOO_MANY_CONNECTIONS;
        }
        state.lastSeen = now;
        // Every attempt takes a token, so hammering at the per-address cap also runs the bucket dry.
        if (!state.bucket.tryTake(now)) {
            return Admission.RATE_LIMITED;
        }
        if (state.open >= rules.maxConnectionsPerIp()) {
            return Admission.TOO_MANY_CONNECTIONS_FROM_IP;
        }
        if (openConnections >= maxConnections) {
            return Admission.TOO_MANY_CONNECTIONS;
        }
        state.open++;
        openConnections++;
        return Admission.ADMITTED;
    }

    /** An admitted connection from {@code address} ended. */
    void closed(InetAddress address, long now) {
        openConnections = Math.max(0, openConnections - 1);
        AddressState state = addresses.get(address);
        if (state != null && state.open > 0) {
            state.open--;
            state.lastSeen = now;
        }
    }

    /** Sets the ban flag of the address of an {@link BanTarget.Kind#IP} target that has state. */
    void setBanned(BanTarget target, boolean banned) {
        if (target.kind() != BanTarget.Kind.IP) {
            return;
        }
        AddressState state = addresses.get(Cidr.parse(target.value()).network());
        if (state != null) {
            state.banned = banned;
        }
    }

    /** Lifts the ban flag of an {@link BanTarget.Kind#IP} target's address and forgets its failures and bans. */
    void forgive(BanTarget target) {
        AddressState state = addresses.get(Cidr.parse(target.value()).network());
        if (state != null) {
            state.banned = false;
            state.strikes = null;
        }
    }

    int size() {
        return addresses.size();
    }

    int openConnections() {
        return openConnections;
    }

    /** The state of {@code address}, created if there is room; null if the table is full of busy addresses. */
    AddressState stateFor(InetAddress address, long now) {
        AddressState state = addresses.get(address);
        if (state != null) {
            return state;
        }
        sweepIdle(now);
        if (addresses.size() >= rules.maxTrackedAddresses() && !evictLeastRecentlySeen(now)) {
            return null;
        }
        state = new AddressState(rules.connectionRate(), now);
        // An operator's ban may precede any state of the address (or outlive its eviction).
        state.banned = !bans.isEmpty() && bans.contains(BanTarget.ip(address));
        addresses.put(address, state);
        return state;
    }

    /**
     * Drops a few idle entries from the LRU head: each new address pays for a little cleanup. Busy entries (open
     * connections, active ban) are rotated to the tail, so long-lived connections cannot hide idle entries behind them.
     */
    private void sweepIdle(long now) {
        for (int i = 0; i < SWEEP_PER_CALL && !addresses.isEmpty(); i++) {
            Map.Entry<InetAddress, AddressState> head =
                    addresses.entrySet().iterator().next();
            AddressState s = head.getValue();
            if (isBusy(head.getKey(), s, now)) {
                addresses.get(head.getKey());
            } else if (isIdle(head.getKey(), s, now)) {
                addresses.remove(head.getKey());
            } else {
                return;
            }
        }
    }

    /** Evicts the least recently seen entry that is not busy, rotating busy ones out of the way. */
    private boolean evictLeastRecentlySeen(long now) {
        for (int i = 0; i < EVICTION_SCAN && !addresses.isEmpty(); i++) {
            Map.Entry<InetAddress, AddressState> head =
                    addresses.entrySet().iterator().next();
            if (!isBusy(head.getKey(), head.getValue(), now)) {
                addresses.remove(head.getKey());
                return true;
            }
            // An access-ordered map moves the entry to the tail on get.
            addresses.get(head.getKey());
        }
        return false;
    }

    /** Busy: holds a connection or a ban that has not run out (a ban past its time is reported by expireBans). */
    private boolean isBusy(InetAddress address, AddressState s, long now) {
        if (s.open > 0) {
            return true;
        }
        if (!s.banned) {
            return false;
        }
        return bans.inForce(BanTarget.ip(address), now);
    }

    /**
     * Idle: forgetting the entry changes no decision. Ban history is kept for {@link BanPolicy#maxBan()} so that
     * escalation works; failures for their window; the bucket until it is full again.
     */
    private boolean isIdle(InetAddress address, AddressState s, long now) {
        if (isBusy(address, s, now)) {
            return false;
        }
        long quiet = now - s.lastSeen;
        BanPolicy policy = rules.bans();
        long keep =
                s.banCount() > 0 ? policy.maxBan().toNanos() : policy.window().toNanos();
        return quiet >= keep && s.bucket.isFull(now);
    }
}

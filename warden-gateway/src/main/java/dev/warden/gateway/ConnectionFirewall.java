package dev.warden.gateway;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Decides whether a new TCP connection may proceed to the TLS handshake: CIDR allow and deny lists, a token bucket of
 * new connections per source address, a cap of connections per address and in total, and temporary bans of
 * addresses that fail too many handshakes or authentications. Pure: no I/O, time from the injected nanosecond clock.
 * Thread-safe.
 *
 * <p>Contract for the transport: every {@link Admission#ADMITTED} connection must be followed by exactly one
 * {@link #connectionClosed}; failed TLS handshakes and refused authentications are reported with
 * {@link #recordFailure}.
 *
 * <p>Memory is bounded by {@link FirewallRules#maxTrackedAddresses()}: per-address state is kept only for admitted
 * or failing addresses, idle state is evicted, and when the table is full the least recently seen address without
 * connections or an active ban is forgotten (it only loses its token bucket and failure count). Denied addresses
 * never get state. If every tracked address holds a connection or a ban, new addresses are refused
 * ({@link Admission#TOO_MANY_CONNECTIONS}) rather than letting the table grow.
 */
public final class ConnectionFirewall {
    /** What failed, for {@link #recordFailure}. */
    public enum FailureKind {
        /** No, untrusted or expired client certificate, bad protocol or cipher, or a handshake timeout. */
        TLS_HANDSHAKE,
        /** A trusted certificate that was refused at CONNECT (unknown, revoked, client ID not authorized). */
        AUTHENTICATION
    }

    /** Told of every ban as it starts, outside the firewall's lock. */
    @FunctionalInterface
    public interface BanListener {
        BanListener NONE = (address, duration, reason) -> { };

        void banned(InetAddress address, Duration duration, String reason);
    }

    /** Idle entries looked at per admission: amortised cleanup without a background thread. */
    private static final int SWEEP_PER_CALL = 4;
    /** LRU entries looked at when the table is full before giving up. */
    private static final int EVICTION_SCAN = 64;

    private final FirewallRules rules;
    private final int maxConnections;
    private final LongSupplier nanoTime;
    private final BanListener listener;
    private final Object lock = new Object();
    /** Access-ordered: the head is the least recently seen address. Guarded by {@link #lock}. */
    private final LinkedHashMap<InetAddress, AddressState> addresses = new LinkedHashMap<>(64, 0.75f, true);
    private final AtomicLongArray refused = new AtomicLongArray(Admission.values().length);
    private final AtomicLong bansStarted = new AtomicLong();
    private int openConnections;

    /** State of one source address. Guarded by the firewall's lock. */
    private static final class AddressState {
        final TokenBucket bucket;
        int open;
        long lastSeen;
        /** Failure times in a ring of {@link BanPolicy#failures()} slots, allocated on the first failure. */
        long[] failures;
        int failureCount;
        int failureHead;
        long bannedUntil;
        boolean banned;
        int banCount;
        String banReason;

        AddressState(Rate rate, long now) {
            this.bucket = new TokenBucket(rate, now);
            this.lastSeen = now;
        }

        boolean bannedAt(long now) {
            if (banned && now - bannedUntil >= 0) {
                banned = false;
            }
            return banned;
        }
    }

    /**
     * @param rules          the firewall rules
     * @param maxConnections most connections in total ({@link GatewayLimits#maxConnections()})
     * @param nanoTime       monotonic clock, {@code System::nanoTime} in production
     * @param listener       told of each ban (for the audit trail)
     */
    public ConnectionFirewall(FirewallRules rules, int maxConnections, LongSupplier nanoTime, BanListener listener) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.listener = listener == null ? BanListener.NONE : listener;
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive");
        }
        this.maxConnections = maxConnections;
    }

    public FirewallRules rules() {
        return rules;
    }

    /**
     * Decides a new connection from {@code source}. When the answer is {@link Admission#ADMITTED} the connection is
     * counted until {@link #connectionClosed}; any other answer means: close it now, before TLS.
     */
    public Admission admit(InetAddress source) {
        InetAddress address = Cidr.canonical(source);
        Admission decision = decide(address);
        if (!decision.admitted()) {
            refused.incrementAndGet(decision.ordinal());
        }
        return decision;
    }

    /** An admitted connection from {@code source} ended. */
    public void connectionClosed(InetAddress source) {
        InetAddress address = Cidr.canonical(source);
        synchronized (lock) {
            openConnections = Math.max(0, openConnections - 1);
            AddressState state = addresses.get(address);
            if (state != null && state.open > 0) {
                state.open--;
                state.lastSeen = nanoTime.getAsLong();
            }
        }
    }

    /**
     * Counts a failed handshake or authentication from {@code source}; the failure that reaches
     * {@link BanPolicy#failures()} within {@link BanPolicy#window()} bans the address.
     *
     * @return true if this failure started a ban
     */
    public boolean recordFailure(InetAddress source, FailureKind kind) {
        InetAddress address = Cidr.canonical(source);
        BanPolicy policy = rules.bans();
        Duration length;
        String reason;
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            AddressState state = stateFor(address, now);
            if (state == null || state.bannedAt(now)) {
                return false;
            }
            state.lastSeen = now;
            if (addFailure(state, now, policy) < policy.failures()) {
                return false;
            }
            length = policy.banLength(state.banCount);
            reason = policy.failures() + " failures (last: " + kind + ") within " + policy.window();
            startBan(state, now, length, reason);
            state.banCount++;
        }
        bansStarted.incrementAndGet();
        listener.banned(address, length, reason);
        return true;
    }

    /** Bans {@code address} for {@code duration}, replacing any current ban; it does not count toward escalation. */
    public void ban(InetAddress address, Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("duration must be positive and at most 365 days");
        }
        InetAddress canonical = Cidr.canonical(address);
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            AddressState state = addresses.computeIfAbsent(canonical, a -> new AddressState(rules.connectionRate(),
                    now));
            startBan(state, now, duration, "operator");
        }
        bansStarted.incrementAndGet();
        listener.banned(canonical, duration, "operator");
    }

    /**
     * Lifts a ban and forgets the address's failures and ban history.
     *
     * @return true if the address was banned
     */
    public boolean unban(InetAddress address) {
        synchronized (lock) {
            AddressState state = addresses.get(Cidr.canonical(address));
            if (state == null) {
                return false;
            }
            boolean wasBanned = state.bannedAt(nanoTime.getAsLong());
            state.banned = false;
            state.banCount = 0;
            state.failureCount = 0;
            return wasBanned;
        }
    }

    /** Active bans, in no particular order. */
    public List<IpBan> bans() {
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            List<IpBan> active = new ArrayList<>();
            for (Map.Entry<InetAddress, AddressState> e : addresses.entrySet()) {
                AddressState s = e.getValue();
                if (s.bannedAt(now)) {
                    active.add(new IpBan(e.getKey(), Duration.ofNanos(s.bannedUntil - now), s.banCount,
                            s.banReason));
                }
            }
            return active;
        }
    }

    /** Refusals since start, by reason (ADMITTED is absent). */
    public Map<Admission, Long> refusals() {
        Map<Admission, Long> counts = new EnumMap<>(Admission.class);
        for (Admission a : Admission.values()) {
            if (!a.admitted()) {
                counts.put(a, refused.get(a.ordinal()));
            }
        }
        return counts;
    }

    /** Bans started since start, automatic and by operators. */
    public long bansStarted() {
        return bansStarted.get();
    }

    /** Source addresses with state now (bounded by {@link FirewallRules#maxTrackedAddresses()}). */
    public int trackedAddresses() {
        synchronized (lock) {
            return addresses.size();
        }
    }

    /** Admitted connections not yet closed. */
    public int openConnections() {
        synchronized (lock) {
            return openConnections;
        }
    }

    private Admission decide(InetAddress address) {
        if (matchesAny(rules.deny(), address)) {
            return Admission.DENIED_CIDR;
        }
        if (!rules.allow().isEmpty() && !matchesAny(rules.allow(), address)) {
            return Admission.NOT_ALLOWED_CIDR;
        }
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            AddressState existing = addresses.get(address);
            if (existing != null && existing.bannedAt(now)) {
                return Admission.BANNED;
            }
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
    }

    /** The state of {@code address}, created if there is room; null if the table is full of busy addresses. */
    private AddressState stateFor(InetAddress address, long now) {
        AddressState state = addresses.get(address);
        if (state != null) {
            return state;
        }
        sweepIdle(now);
        if (addresses.size() >= rules.maxTrackedAddresses() && !evictLeastRecentlySeen(now)) {
            return null;
        }
        state = new AddressState(rules.connectionRate(), now);
        addresses.put(address, state);
        return state;
    }

    /**
     * Drops a few idle entries from the LRU head: each new address pays for a little cleanup. Busy entries (open
     * connections, active ban) are rotated to the tail, so long-lived connections cannot hide idle entries behind them.
     */
    private void sweepIdle(long now) {
        for (int i = 0; i < SWEEP_PER_CALL && !addresses.isEmpty(); i++) {
            Map.Entry<InetAddress, AddressState> head = addresses.entrySet().iterator().next();
            AddressState s = head.getValue();
            if (isBusy(s, now)) {
                addresses.get(head.getKey());
            } else if (isIdle(s, now)) {
                addresses.remove(head.getKey());
            } else {
                return;
            }
        }
    }

    /** Evicts the least recently seen entry that is not busy, rotating busy ones out of the way. */
    private boolean evictLeastRecentlySeen(long now) {
        for (int i = 0; i < EVICTION_SCAN && !addresses.isEmpty(); i++) {
            Map.Entry<InetAddress, AddressState> head = addresses.entrySet().iterator().next();
            if (!isBusy(head.getValue(), now)) {
                addresses.remove(head.getKey());
                return true;
            }
            // An access-ordered map moves the entry to the tail on get.
            addresses.get(head.getKey());
        }
        return false;
    }

    private static boolean isBusy(AddressState s, long now) {
        return s.open > 0 || s.bannedAt(now);
    }

    /**
     * Idle: forgetting the entry changes no decision. Ban history is kept for {@link BanPolicy#maxBan()} so that
     * escalation works; failures for their window; the bucket until it is full again.
     */
    private boolean isIdle(AddressState s, long now) {
        if (isBusy(s, now)) {
            return false;
        }
        long quiet = now - s.lastSeen;
        BanPolicy policy = rules.bans();
        long keep = s.banCount > 0 ? policy.maxBan().toNanos() : policy.window().toNanos();
        return quiet >= keep && s.bucket.isFull(now);
    }

    /** Adds a failure at {@code now} and returns how many fall within the window. */
    private static int addFailure(AddressState s, long now, BanPolicy policy) {
        int capacity = policy.failures();
        if (s.failures == null) {
            s.failures = new long[capacity];
        }
        long window = policy.window().toNanos();
        // Drop failures older than the window (oldest first).
        while (s.failureCount > 0) {
            int oldest = Math.floorMod(s.failureHead - s.failureCount, capacity);
            if (now - s.failures[oldest] < window) {
                break;
            }
            s.failureCount--;
        }
        s.failures[s.failureHead] = now;
        s.failureHead = (s.failureHead + 1) % capacity;
        s.failureCount = Math.min(capacity, s.failureCount + 1);
        return s.failureCount;
    }

    private static void startBan(AddressState s, long now, Duration length, String reason) {
        s.banned = true;
        s.bannedUntil = now + length.toNanos();
        s.banReason = reason;
        s.failureCount = 0;
    }

    private static boolean matchesAny(List<Cidr> cidrs, InetAddress address) {
        for (Cidr c : cidrs) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }
}

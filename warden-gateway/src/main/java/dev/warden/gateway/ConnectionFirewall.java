package dev.warden.gateway;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
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

    /** Told of every ban as it starts and as it ends, outside the firewall's lock. */
    public interface BanListener {
        BanListener NONE = new BanListener() {};

        /** A ban started: automatically ({@code manual} false) or by an operator. */
        default void banned(BanTarget target, Duration duration, String reason, boolean manual) {}

        /** A ban ended: it expired, or an operator lifted it ({@code expired} false). */
        default void lifted(BanTarget target, boolean expired) {}
    }

    /** An active ban. Guarded by the firewall's lock. */
    private record ActiveBan(long until, int banCount, String reason, boolean manual) {}

    /** Recent failures and past bans of one client ID or thing. Guarded by the firewall's lock. */
    private static final class Strikes {
        long[] failures;
        int failureCount;
        int failureHead;
        int banCount;
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
    private final AtomicLong identityRefusals = new AtomicLong();
    /** Every active ban, of any kind. Guarded by {@link #lock}; bounded for automatic bans. */
    private final Map<BanTarget, ActiveBan> active = new HashMap<>();
    /** Failures of client IDs and things, access-ordered and bounded like {@link #addresses}. */
    private final LinkedHashMap<BanTarget, Strikes> identities = new LinkedHashMap<>(64, 0.75f, true);

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
        int banCount;
        /** Whether the address is banned now; kept in step with {@link #active} under the lock. */
        boolean banned;

        AddressState(Rate rate, long now) {
            this.bucket = new TokenBucket(rate, now);
            this.lastSeen = now;
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
     * {@link BanPolicy#failures()} within {@link BanPolicy#window()} bans the address, unless it is in
     * {@link FirewallRules#banExempt()}.
     *
     * @return true if this failure started a ban
     */
    public boolean recordFailure(InetAddress source, FailureKind kind) {
        return recordFailure(source, kind, null, null);
    }

    /**
     * Counts a failed handshake or authentication against the source address (unless exempt) and, when known, the
     * client ID and the thing it presented, each under its own {@link BanPolicy}.
     *
     * @return true if this failure started at least one ban
     */
    public boolean recordFailure(InetAddress source, FailureKind kind, String clientId, String thingName) {
        List<Object[]> started = new ArrayList<>(1);
        List<BanTarget> expired = new ArrayList<>(0);
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            if (source != null) {
                InetAddress address = Cidr.canonical(source);
                if (!matchesAny(rules.banExempt(), address)) {
                    failAddress(address, kind, now, started, expired);
                }
            }
            if (clientId != null && !clientId.isEmpty()) {
                failIdentity(BanTarget.clientId(clientId), rules.clientIdBans(), kind, now, started, expired);
            }
            if (thingName != null && !thingName.isEmpty()) {
                failIdentity(BanTarget.thing(thingName), rules.thingBans(), kind, now, started, expired);
            }
        }
        notifyLifted(expired, true);
        for (Object[] b : started) {
            bansStarted.incrementAndGet();
            listener.banned((BanTarget) b[0], (Duration) b[1], (String) b[2], false);
        }
        return !started.isEmpty();
    }

    private void failAddress(
            InetAddress address, FailureKind kind, long now, List<Object[]> started, List<BanTarget> expired) {
        BanPolicy policy = rules.bans();
        BanTarget target = BanTarget.ip(address);
        AddressState state = stateFor(address, now);
        if (state == null || bannedAt(target, now, expired)) {
            return;
        }
        state.lastSeen = now;
        int count = addFailure(state, now, policy);
        if (count < policy.failures() || active.size() >= rules.maxTrackedAddresses()) {
            return;
        }
        Duration length = policy.banLength(state.banCount);
        state.banCount++;
        state.failureCount = 0;
        state.banned = true;
        String reason = reason(policy, kind);
        active.put(target, new ActiveBan(now + length.toNanos(), state.banCount, reason, false));
        started.add(new Object[] {target, length, reason});
    }

    private void failIdentity(
            BanTarget target,
            BanPolicy policy,
            FailureKind kind,
            long now,
            List<Object[]> started,
            List<BanTarget> expired) {
        if (bannedAt(target, now, expired)) {
            return;
        }
        Strikes strikes = identities.get(target);
        if (strikes == null) {
            if (identities.size() >= rules.maxTrackedAddresses()) {
                identities.remove(identities.keySet().iterator().next());
            }
            strikes = new Strikes();
            identities.put(target, strikes);
        }
        if (strikes.failures == null || strikes.failures.length != policy.failures()) {
            strikes.failures = new long[policy.failures()];
            strikes.failureCount = 0;
            strikes.failureHead = 0;
        }
        long window = policy.window().toNanos();
        while (strikes.failureCount > 0) {
            int oldest = Math.floorMod(strikes.failureHead - strikes.failureCount, strikes.failures.length);
            if (now - strikes.failures[oldest] < window) {
                break;
            }
            strikes.failureCount--;
        }
        strikes.failures[strikes.failureHead] = now;
        strikes.failureHead = (strikes.failureHead + 1) % strikes.failures.length;
        strikes.failureCount = Math.min(strikes.failures.length, strikes.failureCount + 1);
        if (strikes.failureCount < policy.failures() || active.size() >= rules.maxTrackedAddresses()) {
            return;
        }
        Duration length = policy.banLength(strikes.banCount);
        strikes.banCount++;
        strikes.failureCount = 0;
        String reason = reason(policy, kind);
        active.put(target, new ActiveBan(now + length.toNanos(), strikes.banCount, reason, false));
        started.add(new Object[] {target, length, reason});
    }

    private static String reason(BanPolicy policy, FailureKind kind) {
        return policy.failures() + " failures (last: " + kind + ") within " + policy.window();
    }

    /** Bans {@code address} for {@code duration}, replacing any current ban; it does not count toward escalation. */
    public void ban(InetAddress address, Duration duration) {
        ban(BanTarget.ip(address), duration, "operator");
    }

    /**
     * An operator's ban of {@code target} for {@code duration}, replacing any current ban of it; it does not count
     * toward escalation. Its listener is told.
     */
    public void ban(BanTarget target, Duration duration, String reason) {
        putManual(target, duration, reason);
        bansStarted.incrementAndGet();
        listener.banned(target, duration, reason, true);
    }

    /** Puts back an operator's ban that was in force before a restart; the listener is not told again. */
    public void restoreBan(BanTarget target, Duration remaining, String reason) {
        putManual(target, remaining, reason);
    }

    private void putManual(BanTarget target, Duration duration, String reason) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("duration must be positive and at most 365 days");
        }
        String why = reason == null || reason.isBlank() ? "operator" : reason;
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            active.put(target, new ActiveBan(now + duration.toNanos(), 0, why, true));
            if (target.kind() == BanTarget.Kind.IP) {
                InetAddress address = Cidr.parse(target.value()).network();
                AddressState state = addresses.get(address);
                if (state != null) {
                    state.banned = true;
                }
            }
        }
    }

    /**
     * Lifts a ban of an address and forgets its failures and ban history.
     *
     * @return true if the address was banned
     */
    public boolean unban(InetAddress address) {
        return unban(BanTarget.ip(address));
    }

    /**
     * Lifts a ban and forgets the target's failures and ban history. The listener is told if there was one.
     *
     * @return true if the target was banned
     */
    public boolean unban(BanTarget target) {
        boolean wasBanned;
        List<BanTarget> expired = new ArrayList<>(0);
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            wasBanned = bannedAt(target, now, expired);
            active.remove(target);
            if (target.kind() == BanTarget.Kind.IP) {
                AddressState state = addresses.get(Cidr.parse(target.value()).network());
                if (state != null) {
                    state.banned = false;
                    state.banCount = 0;
                    state.failureCount = 0;
                }
            } else {
                identities.remove(target);
            }
        }
        notifyLifted(expired, true);
        if (wasBanned) {
            listener.lifted(target, false);
        }
        return wasBanned;
    }

    /**
     * Ends the bans whose time is up and tells the listener of each; bans also end lazily when next looked at. The
     * gateway calls this every second, so every expiry is reported close to when it happens.
     *
     * @return how many bans expired
     */
    public int expireBans() {
        List<BanTarget> expired = new ArrayList<>(0);
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            for (BanTarget t : new ArrayList<>(active.keySet())) {
                bannedAt(t, now, expired);
            }
        }
        notifyLifted(expired, true);
        return expired.size();
    }

    /** Active bans of every kind, in no particular order. */
    public List<Ban> bans() {
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            List<Ban> list = new ArrayList<>();
            for (Map.Entry<BanTarget, ActiveBan> e : active.entrySet()) {
                ActiveBan b = e.getValue();
                if (now - b.until() < 0) {
                    list.add(new Ban(
                            e.getKey(), Duration.ofNanos(b.until() - now), b.banCount(), b.reason(), b.manual()));
                }
            }
            return list;
        }
    }

    /**
     * Decides a CONNECT that passed authentication: refused if its client ID or its thing is banned (counted as
     * {@link Admission#BANNED}).
     *
     * @return the ban that applies, or null
     */
    public BanTarget bannedIdentity(String clientId, String thingName) {
        List<BanTarget> expired = new ArrayList<>(0);
        BanTarget hit = null;
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            if (clientId != null && !clientId.isEmpty() && bannedAt(BanTarget.clientId(clientId), now, expired)) {
                hit = BanTarget.clientId(clientId);
            } else if (thingName != null && bannedAt(BanTarget.thing(thingName), now, expired)) {
                hit = BanTarget.thing(thingName);
            }
        }
        notifyLifted(expired, true);
        if (hit != null) {
            refused.incrementAndGet(Admission.BANNED.ordinal());
            identityRefusals.incrementAndGet();
        }
        return hit;
    }

    /** CONNECTs refused because their client ID or thing was banned (also counted under BANNED in refusals). */
    public long identityRefusals() {
        return identityRefusals.get();
    }

    /** Whether {@code target} is banned at {@code now}; an expired ban is removed and added to {@code expired}. */
    private boolean bannedAt(BanTarget target, long now, List<BanTarget> expired) {
        ActiveBan b = active.get(target);
        if (b == null) {
            return false;
        }
        if (now - b.until() < 0) {
            return true;
        }
        active.remove(target);
        if (target.kind() == BanTarget.Kind.IP) {
            AddressState state = addresses.get(Cidr.parse(target.value()).network());
            if (state != null) {
                state.banned = false;
            }
        }
        expired.add(target);
        return false;
    }

    private void notifyLifted(List<BanTarget> expired, boolean byTime) {
        for (BanTarget t : expired) {
            listener.lifted(t, byTime);
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
        List<BanTarget> expired = new ArrayList<>(0);
        try {
            return decideLocked(address, expired);
        } finally {
            notifyLifted(expired, true);
        }
    }

    private Admission decideLocked(InetAddress address, List<BanTarget> expired) {
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            AddressState existing = addresses.get(address);
            // Only an address with state, or an operator's ban of one without, can be banned.
            if ((existing == null ? !active.isEmpty() : existing.banned)
                    && bannedAt(BanTarget.ip(address), now, expired)) {
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
        // An operator's ban may precede any state of the address (or outlive its eviction).
        state.banned = !active.isEmpty() && active.containsKey(BanTarget.ip(address));
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
        ActiveBan b = active.get(BanTarget.ip(address));
        return b != null && now - b.until() < 0;
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

    private static boolean matchesAny(List<Cidr> cidrs, InetAddress address) {
        for (Cidr c : cidrs) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }
}

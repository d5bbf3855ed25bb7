package dev.warden.gateway;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
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

    private final FirewallRules rules;
    private final LongSupplier nanoTime;
    private final BanListener listener;
    /** Guards the three tables below, which are kept in step with each other. */
    private final Object lock = new Object();
    /** Every active ban, of any kind. Bounded for automatic bans. */
    private final BanBook bans = new BanBook();

    private final AddressTable addresses;
    private final IdentityStrikes identities;
    private final BanKeeper keeper;

    private final AtomicLongArray refused = new AtomicLongArray(Admission.values().length);
    private final AtomicLong bansStarted = new AtomicLong();
    private final AtomicLong identityRefusals = new AtomicLong();

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
        this.addresses = new AddressTable(rules, maxConnections, bans);
        this.identities = new IdentityStrikes(rules.maxTrackedAddresses());
        this.keeper = new BanKeeper(rules, bans, addresses, identities);
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
            addresses.closed(address, nanoTime.getAsLong());
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
        List<BanKeeper.StartedBan> started = new ArrayList<>(1);
        List<BanTarget> expired = new ArrayList<>(0);
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            if (source != null) {
                InetAddress address = Cidr.canonical(source);
                if (!matchesAny(rules.banExempt(), address)) {
                    keeper.failAddress(address, kind, now, started, expired);
                }
            }
            if (clientId != null && !clientId.isEmpty()) {
                keeper.failIdentity(BanTarget.clientId(clientId), rules.clientIdBans(), kind, now, started, expired);
            }
            if (thingName != null && !thingName.isEmpty()) {
                keeper.failIdentity(BanTarget.thing(thingName), rules.thingBans(), kind, now, started, expired);
            }
        }
        notifyLifted(expired, true);
        for (BanKeeper.StartedBan b : started) {
            bansStarted.incrementAndGet();
            listener.banned(b.target(), b.length(), b.reason(), false);
        }
        return !started.isEmpty();
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
            bans.put(target, now + duration.toNanos(), 0, why, true);
            addresses.setBanned(target, true);
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
            wasBanned = keeper.bannedAt(target, now, expired);
            bans.remove(target);
            if (target.kind() == BanTarget.Kind.IP) {
                addresses.forgive(target);
            } else {
                identities.forget(target);
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
            for (BanTarget t : bans.targets()) {
                keeper.bannedAt(t, now, expired);
            }
        }
        notifyLifted(expired, true);
        return expired.size();
    }

    /** Active bans of every kind, in no particular order. */
    public List<Ban> bans() {
        synchronized (lock) {
            return bans.listAt(nanoTime.getAsLong());
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
            if (clientId != null
                    && !clientId.isEmpty()
                    && keeper.bannedAt(BanTarget.clientId(clientId), now, expired)) {
                hit = BanTarget.clientId(clientId);
            } else if (thingName != null && keeper.bannedAt(BanTarget.thing(thingName), now, expired)) {
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
            return addresses.openConnections();
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
            AddressTable.AddressState existing = addresses.find(address);
            // Only an address with state, or an operator's ban of one without, can be banned.
            if ((existing == null ? !bans.isEmpty() : existing.banned())
                    && keeper.bannedAt(BanTarget.ip(address), now, expired)) {
                return Admission.BANNED;
            }
            return addresses.admit(address, existing, now);
        }
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

package dev.warden.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The active bans of every kind (address, client ID, thing) with their expiry times. Not thread-safe: used only under
 * the {@link ConnectionFirewall}'s lock, which also keeps it in step with the addresses' ban flags.
 */
final class BanBook {
    /** What {@link #check} found. */
    enum Status {
        /** No ban of the target. */
        NONE,
        /** A ban in force. */
        ACTIVE,
        /** A ban past its time, removed by this check: the caller reports its end. */
        EXPIRED
    }

    private record ActiveBan(long until, int banCount, String reason, boolean manual) {}

    /** Bounded for automatic bans by the firewall (it starts none beyond {@link FirewallRules#maxTrackedAddresses()}). */
    private final Map<BanTarget, ActiveBan> active = new HashMap<>();

    /** Puts a ban of {@code target} until {@code until} (nanoTime), replacing any current one. */
    void put(BanTarget target, long until, int banCount, String reason, boolean manual) {
        active.put(target, new ActiveBan(until, banCount, reason, manual));
    }

    void remove(BanTarget target) {
        active.remove(target);
    }

    /** Whether {@code target} is banned at {@code now}; a ban past its time is removed ({@link Status#EXPIRED}). */
    Status check(BanTarget target, long now) {
        ActiveBan b = active.get(target);
        if (b == null) {
            return Status.NONE;
        }
        if (now - b.until() < 0) {
            return Status.ACTIVE;
        }
        active.remove(target);
        return Status.EXPIRED;
    }

    /** Whether {@code target} has a ban that has not run out, without removing one that has. */
    boolean inForce(BanTarget target, long now) {
        ActiveBan b = active.get(target);
        return b != null && now - b.until() < 0;
    }

    boolean contains(BanTarget target) {
        return active.containsKey(target);
    }

    boolean isEmpty() {
        return active.isEmpty();
    }

    int size() {
        return active.size();
    }

    /** A copy of the banned targets, expired ones included, to check each without touching the book mid-iteration. */
    List<BanTarget> targets() {
        return new ArrayList<>(active.keySet());
    }

    /** The bans in force at {@code now}, in no particular order. */
    List<Ban> listAt(long now) {
        List<Ban> list = new ArrayList<>();
        for (Map.Entry<BanTarget, ActiveBan> e : active.entrySet()) {
            ActiveBan b = e.getValue();
            if (now - b.until() < 0) {
                list.add(new Ban(e.getKey(), Duration.ofNanos(b.until() - now), b.banCount(), b.reason(), b.manual()));
            }
        }
        return list;
    }
}

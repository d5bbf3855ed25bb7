package dev.warden.gateway;

import java.util.LinkedHashMap;

/**
 * Failures and ban history of client IDs and things, in a table bounded like the addresses' (the least recently seen
 * entry is forgotten when it is full). Not thread-safe: used only under the {@link ConnectionFirewall}'s lock.
 */
final class IdentityStrikes {
    private final int maxTracked;
    /** Access-ordered: the head is the least recently seen target. */
    private final LinkedHashMap<BanTarget, Strikes> identities = new LinkedHashMap<>(64, 0.75f, true);

    IdentityStrikes(int maxTracked) {
        this.maxTracked = maxTracked;
    }

    /** The strikes of {@code target}, created (forgetting the least recently seen target if full) if it has none. */
    Strikes of(BanTarget target) {
        Strikes strikes = identities.get(target);
        if (strikes == null) {
            if (identities.size() >= maxTracked) {
                identities.remove(identities.keySet().iterator().next());
            }
            strikes = new Strikes();
            identities.put(target, strikes);
        }
        return strikes;
    }

    void forget(BanTarget target) {
        identities.remove(target);
    }
}

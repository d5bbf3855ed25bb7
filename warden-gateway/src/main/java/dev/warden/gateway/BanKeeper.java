package dev.warden.gateway;

import dev.warden.gateway.ConnectionFirewall.FailureKind;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * The ban bookkeeping of {@link ConnectionFirewall}, apart from its admission and operator paths: counts failures
 * against addresses and identities, starts automatic bans and ends expired ones, keeping the ban book and the address
 * table in step. Called only under the firewall's lock; allocates nothing on the admission path.
 */
final class BanKeeper {
    /** A ban started under the lock, told to the listener after it. */
    record StartedBan(BanTarget target, Duration length, String reason) {}

    private final FirewallRules rules;
    private final BanBook bans;
    private final AddressTable addresses;
    private final IdentityStrikes identities;

    BanKeeper(FirewallRules rules, BanBook bans, AddressTable addresses, IdentityStrikes identities) {
        this.rules = rules;
        this.bans = bans;
        this.addresses = addresses;
        this.identities = identities;
    }

    void failAddress(
            InetAddress address, FailureKind kind, long now, List<StartedBan> started, List<BanTarget> expired) {
        BanPolicy policy = rules.bans();
        BanTarget target = BanTarget.ip(address);
        AddressTable.AddressState state = addresses.stateFor(address, now);
        if (state == null || bannedAt(target, now, expired)) {
            return;
        }
        Strikes strikes = state.failedAt(now);
        if (strikes.addFailure(now, policy) < policy.failures() || bans.size() >= rules.maxTrackedAddresses()) {
            return;
        }
        state.markBanned();
        startBan(target, strikes, policy, kind, now, started);
    }

    void failIdentity(
            BanTarget target,
            BanPolicy policy,
            FailureKind kind,
            long now,
            List<StartedBan> started,
            List<BanTarget> expired) {
        if (bannedAt(target, now, expired)) {
            return;
        }
        Strikes strikes = identities.of(target);
        if (strikes.addFailure(now, policy) < policy.failures() || bans.size() >= rules.maxTrackedAddresses()) {
            return;
        }
        startBan(target, strikes, policy, kind, now, started);
    }

    private void startBan(
            BanTarget target, Strikes strikes, BanPolicy policy, FailureKind kind, long now, List<StartedBan> started) {
        Duration length = strikes.startBan(policy);
        String reason = policy.failures() + " failures (last: " + kind + ") within " + policy.window();
        bans.put(target, now + length.toNanos(), strikes.banCount(), reason, false);
        started.add(new StartedBan(target, length, reason));
    }

    /**
     * Whether {@code target} is banned at {@code now}; an expired ban is removed (with its address's ban flag) and
     * added to {@code expired}. Called under the lock.
     */
    boolean bannedAt(BanTarget target, long now, List<BanTarget> expired) {
        BanBook.Status status = bans.check(target, now);
        if (status == BanBook.Status.EXPIRED) {
            addresses.setBanned(target, false);
            expired.add(target);
        }
        return status == BanBook.Status.ACTIVE;
    }
}

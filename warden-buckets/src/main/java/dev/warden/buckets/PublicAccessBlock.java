package dev.warden.buckets;

import dev.warden.policy.Policy;
import dev.warden.storage.Database;
import java.time.Clock;
import java.util.List;

/**
 * The account-level Block Public Access setting, ON unless an admin turned it off: while it is on, a resource
 * policy that grants anything to everyone ({@code *}) is refused when it is written (400 PUBLIC_ACCESS_BLOCKED).
 * Turning it back on is refused while a stored policy still grants to everyone, so "on" always means no public
 * grant exists.
 */
public final class PublicAccessBlock {
    static final String SETTING = "block-public-access";

    private final Database db;
    private final String region;
    private final String account;
    private final Clock clock;

    public PublicAccessBlock(Database db, String region, String account, Clock clock) {
        this.db = db;
        this.region = region;
        this.account = account;
        this.clock = clock;
    }

    /** Whether public grants are blocked: true when never set (the secure default) or set to anything but "false". */
    public boolean enabled() {
        return db.read(h -> new BucketDao(h).setting(region, account, SETTING))
                .map(v -> !v.equals("false"))
                .orElse(true);
    }

    /** Refuses a policy that grants to everyone while the block is on. */
    void check(String owner, Policy policy) {
        if (policy.grantsToEveryone() && enabled()) {
            throw new BucketException(
                    BucketReason.PUBLIC_ACCESS_BLOCKED,
                    "the policy of " + owner + " grants access to everyone (Principal *) "
                            + "and Block Public Access is on; turn it off first (warden bucket public-access-block --off)");
        }
    }

    /**
     * Turns the block on or off.
     *
     * @param publicPolicies the names of resources whose stored policy grants to everyone: turning the block on
     *                       while there are any is refused (409 PUBLIC_POLICIES_EXIST)
     */
    void set(boolean on, List<String> publicPolicies) {
        if (on && !publicPolicies.isEmpty()) {
            throw new BucketException(
                    BucketReason.PUBLIC_POLICIES_EXIST,
                    "cannot block public access while these buckets have " + "a policy granting to everyone: "
                            + publicPolicies + " (delete or narrow their policies first)");
        }
        db.useTransaction(
                h -> new BucketDao(h).putSetting(region, account, SETTING, Boolean.toString(on), clock.instant()));
    }
}

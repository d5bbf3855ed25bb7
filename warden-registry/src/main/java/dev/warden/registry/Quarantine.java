package dev.warden.registry;

import dev.warden.iam.store.PolicyDao;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.policy.DefaultPolicies;
import dev.warden.registry.store.ThingDao;
import dev.warden.registry.store.ThingGroupDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The quarantine thing group: a thing added to {@value #GROUP} gets the built-in policy
 * {@value DefaultPolicies#QUARANTINE_NAME}, whose explicit Denies leave it only its remediation topics
 * ({@code $warden/things/<name>/remediation/...}). Group and policy are created on first use (and the policy brought
 * to this release's document, as the default device policy is), in the same transaction as the membership; the
 * thing's compiled policies are dropped after the commit, so the quarantine takes effect on its next packet, live
 * sessions included. Releasing removes the membership the same way.
 *
 * <p>Fails closed: a customer policy that already holds the reserved name is never attached in its place.
 */
public final class Quarantine {
    /** The name of the quarantine thing group. */
    public static final String GROUP = "warden-quarantine";

    private final Database database;
    private final ThingPolicyCache cache;
    private final String region;
    private final String account;
    private final Clock clock;

    public Quarantine(Database database, ThingPolicyCache cache, String region, String account, Clock clock) {
        this.database = database;
        this.cache = cache;
        this.region = region;
        this.account = account;
        this.clock = clock;
    }

    /** What {@link #add} changed, to know which compiled policies are stale. */
    private record Added(boolean member, boolean policyChanged) {}

    /**
     * Quarantines {@code thing}; returns false when it was in quarantine already (the group and its policy are
     * still checked and repaired).
     */
    public boolean add(String thing) {
        Added added = database.inTransaction(h -> {
            if (new ThingDao(h).find(thing).isEmpty()) {
                throw new RegistryException(RegistryReason.UNKNOWN_THING, "no thing named '" + thing + "'");
            }
            boolean policyChanged = ensureGroupAndPolicy(h);
            ThingGroupDao groups = new ThingGroupDao(h);
            boolean member = groups.groupsOf(thing).contains(GROUP);
            groups.add(GROUP, thing);
            return new Added(!member, policyChanged);
        });
        if (added.policyChanged()) {
            // A new or updated document, or a new attachment to the group: every member's set is stale.
            cache.invalidatePolicy(DefaultPolicies.QUARANTINE_NAME);
        } else {
            cache.invalidateThing(thing);
        }
        return added.member();
    }

    /** Takes {@code thing} out of quarantine; returns false when it was not in quarantine. */
    public boolean release(String thing) {
        boolean removed = database.inTransaction(h -> new ThingGroupDao(h).remove(GROUP, thing));
        cache.invalidateThing(thing);
        return removed;
    }

    public boolean contains(String thing) {
        return database.read(h -> new ThingGroupDao(h).groupsOf(thing).contains(GROUP));
    }

    /** Creates the group and the built-in policy, and attaches it, as needed; true if the policy's effect changed. */
    private boolean ensureGroupAndPolicy(org.jdbi.v3.core.Handle h) {
        Instant now = clock.instant();
        ThingGroupDao groups = new ThingGroupDao(h);
        if (!groups.exists(GROUP)) {
            groups.create(GROUP, now);
        }
        PolicyDao policies = new PolicyDao(h);
        String document = DefaultPolicies.quarantineJson(region, account);
        boolean changed = false;
        Optional<PolicyRecord> existing = policies.find(DefaultPolicies.QUARANTINE_NAME);
        if (existing.isEmpty()) {
            policies.insert(new PolicyRecord(DefaultPolicies.QUARANTINE_NAME, document, true, now, now));
            changed = true;
        } else if (!existing.get().builtIn()) {
            throw new RegistryException(
                    RegistryReason.BUILT_IN_POLICY,
                    "a customer policy holds the quarantine policy's reserved name '" + DefaultPolicies.QUARANTINE_NAME
                            + "'; rename it before quarantining");
        } else if (!existing.get().document().equals(document)) {
            policies.updateDocument(DefaultPolicies.QUARANTINE_NAME, document, now);
            changed = true;
        }
        if (!policies.policiesOfPrincipal(ThingPolicyCache.THING_GROUP, GROUP)
                .contains(DefaultPolicies.QUARANTINE_NAME)) {
            policies.attachToPrincipal(DefaultPolicies.QUARANTINE_NAME, ThingPolicyCache.THING_GROUP, GROUP);
            changed = true;
        }
        return changed;
    }
}

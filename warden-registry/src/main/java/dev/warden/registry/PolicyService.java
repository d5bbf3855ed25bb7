package dev.warden.registry;

import dev.warden.iam.AdminAuthorizer;
import dev.warden.iam.AdminCredentials;
import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.UserService;
import dev.warden.iam.store.AdminCredentialDao;
import dev.warden.iam.store.GroupRoleDao;
import dev.warden.iam.store.PolicyDao;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.iam.store.Scope;
import dev.warden.iam.store.ServiceAccountDao;
import dev.warden.iam.store.UserDao;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicyValidationException;
import dev.warden.registry.store.PolicyVersion;
import dev.warden.registry.store.PolicyVersionDao;
import dev.warden.registry.store.ThingDao;
import dev.warden.registry.store.ThingGroupDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Stored policies and their attachments to things. A document is parsed (and so validated) before anything is
 * written: a policy that does not parse is never stored. Every change invalidates the compiled policies the gateway
 * decides with, so it applies to live sessions on their next packet. Each document a customer policy has had is kept
 * as a version, so that a change can be reverted.
 */
public final class PolicyService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,128}");

    private final Database database;
    private final ThingPolicyCache cache;
    private final AdminAuthorizer admins;
    private final Clock clock;

    public PolicyService(Database database, ThingPolicyCache cache, AdminAuthorizer admins, Clock clock) {
        this.database = database;
        this.cache = cache;
        this.admins = admins;
        this.clock = clock;
    }

    public List<PolicyRecord> list() {
        return database.read(h -> new PolicyDao(h).list());
    }

    public PolicyRecord get(String name) {
        return database.read(h -> new PolicyDao(h).find(name))
                .orElseThrow(() ->
                        new RegistryException(RegistryReason.UNKNOWN_POLICY, "policy '" + name + "' does not exist"));
    }

    public List<String> attachedThings(String name) {
        return database.read(h -> new PolicyDao(h).thingsOfPolicy(name));
    }

    public PolicyRecord create(String name, String document) {
        return create(name, document, Scope.GLOBAL);
    }

    /**
     * Stores a new policy of {@code scope}. A regional policy may not take the name of a global one (built-in policies,
     * present in every region, included): in a deployment a name then always means one document in each region.
     */
    public PolicyRecord create(String name, String document, Scope scope) {
        requireName(name);
        validate(name, document);
        Instant now = clock.instant();
        PolicyRecord record = new PolicyRecord(name, document, false, now, now, scope);
        database.useTransaction(h -> {
            PolicyDao dao = new PolicyDao(h);
            if (scope == Scope.REGIONAL
                    && dao.find(name).filter(p -> p.scope() == Scope.GLOBAL).isPresent()) {
                throw globalNameTaken("policy", name);
            }
            dao.insert(record);
            new PolicyVersionDao(h).insert(new PolicyVersion(name, 1, document, null, now));
        });
        return record;
    }

    public PolicyRecord update(String name, String document) {
        validate(name, document);
        PolicyRecord updated = database.inTransaction(h -> {
            PolicyDao dao = new PolicyDao(h);
            PolicyRecord current = requireCustomer(dao, name);
            Instant now = clock.instant();
            PolicyVersion latest = latestInForce(h, current);
            dao.updateDocument(name, document, now);
            new PolicyVersionDao(h).insert(new PolicyVersion(name, latest.version() + 1, document, null, now));
            return new PolicyRecord(name, document, false, current.createdAt(), now, current.scope());
        });
        cache.invalidatePolicy(name);
        admins.invalidate();
        return updated;
    }

    /** The policy's versions, oldest first (empty for a built-in policy or one not changed since versions exist). */
    public List<PolicyVersion> versions(String name) {
        return database.read(h -> {
            requireExisting(new PolicyDao(h), name);
            return new PolicyVersionDao(h).list(name);
        });
    }

    /**
     * Puts back the version before the one in force, as a new version naming the one it restores; refused when
     * there is none (a new policy, or one not changed since versions were kept). Reverting twice undoes the revert.
     */
    public PolicyVersion revert(String name) {
        return restoring(
                name,
                (latest, all) -> all.stream()
                        .filter(v -> v.version() < latest.version())
                        .reduce((a, b) -> b)
                        .orElseThrow(() -> new RegistryException(
                                RegistryReason.NO_PREVIOUS_VERSION,
                                "policy '" + name + "' has no previous version to revert to")));
    }

    /**
     * Makes {@code version}'s document the one in force again, written as a new version that names the one it
     * restores (the history is never rewritten); refused when there is no such version, or when it is the version
     * in force already.
     */
    public PolicyVersion restore(String name, int version) {
        return restoring(name, (latest, all) -> {
            if (version == latest.version()) {
                throw new RegistryException(
                        RegistryReason.VERSION_IN_FORCE, "version " + version + " of '" + name + "' is in force");
            }
            return all.stream()
                    .filter(v -> v.version() == version)
                    .findFirst()
                    .orElseThrow(() -> new RegistryException(
                            RegistryReason.UNKNOWN_VERSION, "policy '" + name + "' has no version " + version));
        });
    }

    /** Writes the version {@code pick} chooses (given the version in force and all, oldest first) as a new one. */
    private PolicyVersion restoring(
            String name, java.util.function.BiFunction<PolicyVersion, List<PolicyVersion>, PolicyVersion> pick) {
        PolicyVersion written = database.inTransaction(h -> {
            PolicyDao dao = new PolicyDao(h);
            PolicyRecord current = requireCustomer(dao, name);
            PolicyVersion latest = latestInForce(h, current);
            PolicyVersionDao versions = new PolicyVersionDao(h);
            PolicyVersion previous = pick.apply(latest, versions.list(name));
            // Validated when it was written, but parsed again: the parser may have become stricter since.
            validate(name, previous.document());
            Instant now = clock.instant();
            PolicyVersion next =
                    new PolicyVersion(name, latest.version() + 1, previous.document(), previous.version(), now);
            dao.updateDocument(name, previous.document(), now);
            versions.insert(next);
            return next;
        });
        cache.invalidatePolicy(name);
        admins.invalidate();
        return written;
    }

    /**
     * The version of the document in force, recording it first when the history does not hold it (a policy last
     * changed before versions were kept, or changed by something other than this service).
     */
    private static PolicyVersion latestInForce(org.jdbi.v3.core.Handle h, PolicyRecord current) {
        PolicyVersionDao versions = new PolicyVersionDao(h);
        java.util.Optional<PolicyVersion> latest = versions.latest(current.name());
        if (latest.isPresent() && latest.get().document().equals(current.document())) {
            return latest.get();
        }
        PolicyVersion recorded = new PolicyVersion(
                current.name(),
                latest.map(v -> v.version() + 1).orElse(1),
                current.document(),
                null,
                current.updatedAt());
        versions.insert(recorded);
        return recorded;
    }

    public void delete(String name) {
        database.useTransaction(h -> {
            PolicyDao dao = new PolicyDao(h);
            requireCustomer(dao, name);
            if (!dao.thingsOfPolicy(name).isEmpty()
                    || !dao.principalsOfPolicy(name).isEmpty()) {
                throw new RegistryException(
                        RegistryReason.POLICY_ATTACHED, "policy '" + name + "' is attached; detach it first");
            }
            dao.delete(name);
            new PolicyVersionDao(h).deleteAll(name);
        });
        cache.invalidatePolicy(name);
        admins.invalidate();
    }

    public void attach(String name, String thing) {
        database.useTransaction(h -> {
            PolicyDao dao = new PolicyDao(h);
            requireExisting(dao, name);
            if (new ThingDao(h).find(thing).isEmpty()) {
                throw new RegistryException(RegistryReason.UNKNOWN_THING, "no thing named '" + thing + "'");
            }
            dao.attachToThing(name, thing);
        });
        cache.invalidateThing(thing);
    }

    /**
     * Attaches a policy to an admin credential ({@code admin}) or a user ({@code user}); the principal's next API
     * call is decided with it.
     */
    public void attachToPrincipal(String name, String principalType, String principalId) {
        database.useTransaction(h -> {
            PolicyDao dao = new PolicyDao(h);
            requireExisting(dao, name);
            boolean exists = switch (principalType) {
                case AdminCredentials.PRINCIPAL_TYPE -> new AdminCredentialDao(h).exists(principalId);
                case UserService.PRINCIPAL_TYPE ->
                    new UserDao(h).find(principalId).isPresent();
                case "group" -> new GroupRoleDao(h).groupExists(principalId);
                case "role" -> new GroupRoleDao(h).findRole(principalId).isPresent();
                case ServiceAccounts.PRINCIPAL_TYPE -> new ServiceAccountDao(h).exists(principalId);
                case ThingPolicyCache.THING_GROUP -> new ThingGroupDao(h).exists(principalId);
                default -> false;
            };
            if (!exists) {
                throw new RegistryException(
                        RegistryReason.UNKNOWN_PRINCIPAL, "no " + principalType + " '" + principalId + "'");
            }
            dao.attachToPrincipal(name, principalType, principalId);
        });
        admins.invalidate();
        cache.invalidateAll();
    }

    public void detachFromPrincipal(String name, String principalType, String principalId) {
        boolean removed =
                database.inTransaction(h -> new PolicyDao(h).detachFromPrincipal(name, principalType, principalId));
        cache.invalidateAll();
        if (!removed) {
            throw new RegistryException(
                    RegistryReason.NOT_ATTACHED,
                    "policy '" + name + "' is not attached to " + principalType + " '" + principalId + "'");
        }
        admins.invalidate();
    }

    public List<String> attachedPrincipals(String name) {
        return database.read(h -> new PolicyDao(h).principalsOfPolicy(name));
    }

    public void detach(String name, String thing) {
        boolean removed = database.inTransaction(h -> new PolicyDao(h).detachFromThing(name, thing));
        if (!removed) {
            throw new RegistryException(
                    RegistryReason.NOT_ATTACHED, "policy '" + name + "' is not attached to '" + thing + "'");
        }
        cache.invalidateThing(thing);
    }

    /** The compiled policies attached directly to a principal (type, id). */
    public List<dev.warden.policy.Policy> policiesOf(String principalType, String principalId) {
        return database.read(h -> {
            PolicyDao dao = new PolicyDao(h);
            List<dev.warden.policy.Policy> result = new java.util.ArrayList<>();
            for (String name : dao.policiesOfPrincipal(principalType, principalId)) {
                dao.find(name).ifPresent(p -> result.add(PolicyParser.parse(name, p.document())));
            }
            return result;
        });
    }

    /** Creates a regional thing group; its attached policies apply to every thing added to it. */
    public void createThingGroup(String name) {
        createThingGroup(name, Scope.REGIONAL);
    }

    /**
     * Creates a thing group of {@code scope}: a global group's policy attachments are replicated to every region of a
     * deployment (its members, things, stay regional). A regional group may not take the name of a global one.
     */
    public void createThingGroup(String name, Scope scope) {
        requireName(name);
        database.useTransaction(h -> {
            ThingGroupDao groups = new ThingGroupDao(h);
            if (scope == Scope.REGIONAL && groups.scopeOf(name).orElse(null) == Scope.GLOBAL) {
                throw globalNameTaken("thing group", name);
            }
            groups.create(name, scope, clock.instant());
        });
    }

    /** The scope of the policy {@code name}; empty when there is none. */
    public java.util.Optional<Scope> policyScope(String name) {
        return database.read(h -> new PolicyDao(h).find(name).map(PolicyRecord::scope));
    }

    /** The scope of the thing group {@code name}; empty when there is none. */
    public java.util.Optional<Scope> thingGroupScope(String name) {
        return database.read(h -> new ThingGroupDao(h).scopeOf(name));
    }

    private static RegistryException globalNameTaken(String kind, String name) {
        return new RegistryException(
                RegistryReason.GLOBAL_NAME_TAKEN,
                "a global " + kind + " is named '" + name + "': a regional one needs another name");
    }

    /** Adds a thing to a thing group; its live sessions get the group's permissions on their next packet. */
    public void addToThingGroup(String group, String thing) {
        database.useTransaction(h -> {
            ThingGroupDao groups = new ThingGroupDao(h);
            if (!groups.exists(group)) {
                throw new RegistryException(RegistryReason.UNKNOWN_THING_GROUP, "no thing group '" + group + "'");
            }
            if (new ThingDao(h).find(thing).isEmpty()) {
                throw new RegistryException(RegistryReason.UNKNOWN_THING, "no thing named '" + thing + "'");
            }
            groups.add(group, thing);
        });
        cache.invalidateThing(thing);
    }

    public void removeFromThingGroup(String group, String thing) {
        if (!database.inTransaction(h -> new ThingGroupDao(h).remove(group, thing))) {
            throw new RegistryException(
                    RegistryReason.NOT_A_MEMBER, "'" + thing + "' is not in thing group '" + group + "'");
        }
        cache.invalidateThing(thing);
    }

    /** A thing was deleted: a new thing of the same name must not inherit its compiled policies. */
    public void forgetThing(String thing) {
        cache.invalidateThing(thing);
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new RegistryException(
                    RegistryReason.INVALID_NAME, "a policy name is 1-128 of letters, digits and +=,.@_-");
        }
    }

    /** A document being written: parsed strictly (unknown actions and foreign ARN partitions are refused). */
    private static void validate(String name, String document) {
        try {
            PolicyParser.parseStrict(name, document);
        } catch (PolicyValidationException e) {
            throw new RegistryException(
                    RegistryReason.INVALID_POLICY,
                    "invalid at " + e.position() + ": " + e.getMessage() + " (" + e.reason() + ")");
        }
    }

    private static PolicyRecord requireExisting(PolicyDao dao, String name) {
        return dao.find(name)
                .orElseThrow(() ->
                        new RegistryException(RegistryReason.UNKNOWN_POLICY, "policy '" + name + "' does not exist"));
    }

    private static PolicyRecord requireCustomer(PolicyDao dao, String name) {
        PolicyRecord record = requireExisting(dao, name);
        if (record.builtIn()) {
            throw new RegistryException(
                    RegistryReason.BUILT_IN_POLICY, "policy '" + name + "' is built in and cannot be changed");
        }
        return record;
    }
}

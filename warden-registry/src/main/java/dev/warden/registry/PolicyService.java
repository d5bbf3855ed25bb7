package dev.warden.registry;

import dev.warden.iam.AdminAuthorizer;
import dev.warden.iam.AdminCredentials;
import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.UserService;
import dev.warden.iam.store.AdminCredentialDao;
import dev.warden.iam.store.GroupRoleDao;
import dev.warden.iam.store.PolicyDao;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.iam.store.ServiceAccountDao;
import dev.warden.iam.store.UserDao;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicyValidationException;
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
 * decides with, so it applies to live sessions on their next packet.
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
        requireName(name);
        validate(name, document);
        Instant now = clock.instant();
        PolicyRecord record = new PolicyRecord(name, document, false, now, now);
        database.useTransaction(h -> new PolicyDao(h).insert(record));
        return record;
    }

    public PolicyRecord update(String name, String document) {
        validate(name, document);
        PolicyRecord updated = database.inTransaction(h -> {
            PolicyDao dao = new PolicyDao(h);
            PolicyRecord current = requireCustomer(dao, name);
            dao.updateDocument(name, document, clock.instant());
            return new PolicyRecord(name, document, false, current.createdAt(), clock.instant());
        });
        cache.invalidatePolicy(name);
        admins.invalidate();
        return updated;
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

    /** Creates a thing group; its attached policies apply to every thing added to it. */
    public void createThingGroup(String name) {
        requireName(name);
        database.useTransaction(h -> new ThingGroupDao(h).create(name, clock.instant()));
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

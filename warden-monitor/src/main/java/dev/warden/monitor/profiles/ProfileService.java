package dev.warden.monitor.profiles;

import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.core.BuiltInProfiles;
import dev.warden.monitor.core.ProfileJson;
import dev.warden.monitor.core.ProfileParser;
import dev.warden.monitor.core.ProfileTarget;
import dev.warden.monitor.core.SecurityProfile;
import dev.warden.monitor.store.ProfileChange;
import dev.warden.monitor.store.ProfileDao;
import dev.warden.monitor.store.ProfileVersion;
import dev.warden.monitor.store.ProfileVersionDao;
import dev.warden.monitor.store.StoredProfile;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's security profiles: every change (create, update, attach, detach, delete) is validated, stored with a
 * new version row in one transaction, and then the whole active set is handed to {@code installer} (the node installs
 * it in the detection engine). Updates name the version they replace, so that two operators editing the same
 * profile cannot silently overwrite each other ({@code VERSION_CONFLICT}).
 */
public final class ProfileService {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileService.class);
    /** Who seeds built-in profiles. */
    public static final String SYSTEM = "system";

    private final Database database;
    private final Clock clock;
    private final Consumer<List<SecurityProfile>> installer;
    private final Object installing = new Object();

    public ProfileService(Database database, Clock clock, Consumer<List<SecurityProfile>> installer) {
        this.database = database;
        this.clock = clock;
        this.installer = installer;
    }

    /**
     * Stores {@code warden-baseline} if it is not stored yet (first start); returns whether it did. Installs nothing:
     * the node installs {@link #active()} itself before its monitor thread starts.
     */
    public boolean seedBuiltIns() {
        SecurityProfile baseline = BuiltInProfiles.baseline();
        return database.inTransaction(h -> {
            if (new ProfileDao(h).find(baseline.name()).isPresent()) {
                return false;
            }
            insert(h, baseline, true, SYSTEM, now());
            return true;
        });
    }

    /** What {@link #upgradeBuiltIns} did with the stored built-in profile. */
    public enum Upgrade {
        CURRENT,
        UPGRADED,
        /** An operator changed it: this version's built-in behaviours are not applied over their changes. */
        KEPT_OPERATOR_CHANGES
    }

    /**
     * Brings the stored {@code warden-baseline} to this version's built-in document (new behaviours, such as
     * {@code attestation-failure}, reach nodes that were started before them), unless an operator changed it since
     * the system last wrote it. The change is a new version of the profile, by the system, like any other.
     */
    public Upgrade upgradeBuiltIns() {
        SecurityProfile baseline = BuiltInProfiles.baseline();
        Upgrade done = database.inTransaction(h -> {
            StoredProfile current = current(h, baseline.name());
            if (current.document().equals(ProfileJson.write(baseline))) {
                return Upgrade.CURRENT;
            }
            if (!SYSTEM.equals(current.updatedBy())) {
                return Upgrade.KEPT_OPERATOR_CHANGES;
            }
            change(h, current, baseline, ProfileChange.UPDATE, SYSTEM);
            return Upgrade.UPGRADED;
        });
        if (done == Upgrade.UPGRADED) {
            reinstall();
        }
        return done;
    }

    public StoredProfile create(String document, String principal) {
        SecurityProfile profile = ProfileParser.parse(document, null);
        StoredProfile created = database.inTransaction(h -> {
            if (new ProfileDao(h).find(profile.name()).isPresent()) {
                throw new MonitorException(
                        MonitorReason.PROFILE_ALREADY_EXISTS, "profile " + profile.name() + " already exists");
            }
            return insert(h, profile, false, principal, now());
        });
        reinstall();
        return created;
    }

    /** Replaces the document of {@code name}, which must still be at {@code expectedVersion}. */
    public StoredProfile update(String name, String document, long expectedVersion, String principal) {
        SecurityProfile profile = ProfileParser.parse(document, name);
        StoredProfile updated = database.inTransaction(h -> {
            StoredProfile current = current(h, name);
            if (current.version() != expectedVersion) {
                throw conflict(current, expectedVersion);
            }
            return change(h, current, profile, ProfileChange.UPDATE, principal);
        });
        reinstall();
        return updated;
    }

    /** Adds {@code target} ({@code all}, {@code group/NAME}, {@code type/NAME}); attaching it twice changes nothing. */
    public StoredProfile attach(String name, String target, String principal) {
        ProfileTarget t = ProfileParser.target(target);
        StoredProfile result = database.inTransaction(h -> {
            StoredProfile current = current(h, name);
            SecurityProfile profile = parse(current);
            if (profile.targets().contains(t)) {
                return current;
            }
            List<ProfileTarget> targets = new ArrayList<>(profile.targets());
            targets.add(t);
            return change(h, current, profile.withTargets(targets), ProfileChange.ATTACH, principal);
        });
        reinstall();
        return result;
    }

    /** Removes {@code target}; a profile without targets is kept but watches nothing (how a built-in is turned off). */
    public StoredProfile detach(String name, String target, String principal) {
        ProfileTarget t = ProfileParser.target(target);
        StoredProfile result = database.inTransaction(h -> {
            StoredProfile current = current(h, name);
            SecurityProfile profile = parse(current);
            if (!profile.targets().contains(t)) {
                throw new MonitorException(
                        MonitorReason.INVALID_TARGET, "profile " + name + " is not attached to " + target);
            }
            List<ProfileTarget> targets = new ArrayList<>(profile.targets());
            targets.remove(t);
            return change(h, current, profile.withTargets(targets), ProfileChange.DETACH, principal);
        });
        reinstall();
        return result;
    }

    /** Deletes a profile; its history stays, ending with a {@code delete} version. Built-in profiles are refused. */
    public void delete(String name, String principal) {
        database.useTransaction(h -> {
            StoredProfile current = current(h, name);
            if (current.builtIn()) {
                throw new MonitorException(
                        MonitorReason.BUILT_IN_PROFILE,
                        "profile " + name + " is built in: detach it or update it, it cannot be deleted");
            }
            Instant at = now();
            ProfileVersionDao versions = new ProfileVersionDao(h);
            long version = versions.latest(name) + 1;
            new ProfileDao(h).delete(name);
            versions.insert(new ProfileVersion(name, version, current.document(), ProfileChange.DELETE, principal, at));
        });
        reinstall();
    }

    public List<StoredProfile> list() {
        return database.read(h -> new ProfileDao(h).list());
    }

    public StoredProfile show(String name) {
        return database.read(h -> current(h, name));
    }

    /** Any stored version, the deleted profiles' included. */
    public ProfileVersion show(String name, long version) {
        return database.read(h -> new ProfileVersionDao(h).find(name, version))
                .orElseThrow(() ->
                        new MonitorException(MonitorReason.NO_SUCH_PROFILE, "no version " + version + " of " + name));
    }

    /** Every version of {@code name}, oldest first. */
    public List<ProfileVersion> versions(String name) {
        List<ProfileVersion> versions = database.read(h -> new ProfileVersionDao(h).list(name));
        if (versions.isEmpty()) {
            throw noSuchProfile(name);
        }
        return versions;
    }

    /**
     * The stored profiles as the engine runs them. A stored document this release cannot read is left out and
     * logged, rather than stopping the node's monitoring altogether.
     */
    public List<SecurityProfile> active() {
        List<SecurityProfile> out = new ArrayList<>();
        for (StoredProfile p : list()) {
            try {
                out.add(parse(p));
            } catch (MonitorException e) {
                LOG.error("stored profile {} v{} cannot be read ({}); it is not installed", p.name(), p.version(), e);
            }
        }
        return out;
    }

    /** Hands the committed set to the installer; serialised, so the last installed set is the newest one read. */
    private void reinstall() {
        synchronized (installing) {
            try {
                installer.accept(active());
            } catch (RuntimeException e) {
                LOG.error("installing the security profiles failed", e);
            }
        }
    }

    private StoredProfile insert(Handle h, SecurityProfile profile, boolean builtIn, String principal, Instant at) {
        ProfileVersionDao versions = new ProfileVersionDao(h);
        long version = versions.latest(profile.name()) + 1;
        String document = ProfileJson.write(profile);
        StoredProfile stored =
                new StoredProfile(profile.name(), document, version, builtIn, at, principal, at, principal);
        new ProfileDao(h).insert(stored);
        versions.insert(new ProfileVersion(profile.name(), version, document, ProfileChange.CREATE, principal, at));
        return stored;
    }

    private StoredProfile change(
            Handle h, StoredProfile current, SecurityProfile next, ProfileChange change, String principal) {
        Instant at = now();
        ProfileVersionDao versions = new ProfileVersionDao(h);
        long version = versions.latest(current.name()) + 1;
        String document = ProfileJson.write(next);
        if (!new ProfileDao(h).update(current.name(), current.version(), document, version, at, principal)) {
            throw conflict(current, current.version());
        }
        versions.insert(new ProfileVersion(current.name(), version, document, change, principal, at));
        return new StoredProfile(
                current.name(),
                document,
                version,
                current.builtIn(),
                current.createdAt(),
                current.createdBy(),
                at,
                principal);
    }

    private static StoredProfile current(Handle h, String name) {
        return new ProfileDao(h).find(name).orElseThrow(() -> noSuchProfile(name));
    }

    private static SecurityProfile parse(StoredProfile p) {
        return ProfileParser.parse(p.document(), p.name()).withVersion(p.version());
    }

    private static MonitorException conflict(StoredProfile current, long expected) {
        return new MonitorException(
                MonitorReason.VERSION_CONFLICT,
                "profile " + current.name() + " is at version " + current.version() + ", not " + expected
                        + ": read it again and reapply the change");
    }

    private static MonitorException noSuchProfile(String name) {
        return new MonitorException(MonitorReason.NO_SUCH_PROFILE, "no security profile named " + name);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

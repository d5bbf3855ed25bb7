package dev.warden.node;

import dev.warden.monitor.core.TargetDirectory;
import dev.warden.registry.store.ThingDao;
import dev.warden.registry.store.ThingGroupDao;
import dev.warden.storage.Database;
import java.util.Optional;
import java.util.Set;

/**
 * Which groups a thing is in and its type, from the registry, for the profiles that target groups and types. Asked
 * on the monitor thread when a thing is first seen and after each membership refresh (once a minute), so a lookup
 * costs one small query per thing and minute, never one per message.
 */
final class RegistryTargetDirectory implements TargetDirectory {
    private final Database database;

    RegistryTargetDirectory(Database database) {
        this.database = database;
    }

    @Override
    public Set<String> groupsOf(String thing) {
        return Set.copyOf(database.read(h -> new ThingGroupDao(h).groupsOf(thing)));
    }

    @Override
    public Optional<String> typeOf(String thing) {
        return database.read(h -> new ThingDao(h).find(thing)).flatMap(t -> Optional.ofNullable(t.thingType()));
    }
}

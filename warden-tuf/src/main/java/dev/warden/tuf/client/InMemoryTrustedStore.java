package dev.warden.tuf.client;

import dev.warden.tuf.TopLevelRole;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** A {@link TrustedStore} in memory, for tests and for callers that persist the files themselves. Thread-safe. */
public final class InMemoryTrustedStore implements TrustedStore {
    private final Map<TopLevelRole, byte[]> files = new EnumMap<>(TopLevelRole.class);

    /** A store holding only {@code initialRoot}, the root a device ships with. */
    public InMemoryTrustedStore(byte[] initialRoot) {
        files.put(TopLevelRole.ROOT, initialRoot.clone());
    }

    @Override
    public synchronized Optional<byte[]> load(TopLevelRole role) {
        byte[] file = files.get(role);
        return file == null ? Optional.empty() : Optional.of(file.clone());
    }

    @Override
    public synchronized void save(TopLevelRole role, byte[] file) {
        files.put(role, file.clone());
    }

    @Override
    public synchronized void delete(TopLevelRole role) {
        files.remove(role);
    }
}

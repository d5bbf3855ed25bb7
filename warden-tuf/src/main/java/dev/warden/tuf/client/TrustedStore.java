package dev.warden.tuf.client;

import dev.warden.tuf.TopLevelRole;
import java.util.Optional;

/**
 * The client's persistent trusted metadata (specification 5.3.8, 5.4.5, 5.5.7): the files of the trusted root,
 * timestamp and snapshot, stored as they were downloaded. A device keeps them in non-volatile storage; the root it
 * ships with is the first {@link TopLevelRole#ROOT}.
 *
 * <p>Files read back are verified again under the trusted root before they are used, so a store need not be
 * tamper-proof to keep the client safe, only to keep rollback protection: a device whose store is wiped trusts its
 * shipped root again and accepts any current, correctly signed metadata.
 */
public interface TrustedStore {
    /** The stored file of {@code role}, or empty. The root must be present: it is where trust starts. */
    Optional<byte[]> load(TopLevelRole role);

    /** Replaces the stored file of {@code role}; called as soon as a new file is trusted. */
    void save(TopLevelRole role, byte[] file);

    /** Forgets the file of {@code role} (after a key rotation in root, spec 5.3.11). */
    void delete(TopLevelRole role);
}

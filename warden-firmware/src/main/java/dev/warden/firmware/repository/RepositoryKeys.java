package dev.warden.firmware.repository;

import dev.warden.tuf.TopLevelRole;
import dev.warden.tuf.TufSigner;
import java.util.Optional;

/**
 * The signing keys of the repositories: each top-level role's current key, and earlier keys that can still sign (a
 * root key being replaced must sign the root that replaces it). KMS keys in the node, key pairs in tests.
 */
public interface RepositoryKeys {
    /** The current key of {@code role}. */
    TufSigner signer(TopLevelRole role);

    /** A key known by its TUF key id, current or earlier, while it can still sign; empty once it is gone. */
    default Optional<TufSigner> byKeyId(String keyId) {
        for (TopLevelRole role : TopLevelRole.values()) {
            if (signer(role).key().keyId().equals(keyId)) {
                return Optional.of(signer(role));
            }
        }
        return Optional.empty();
    }
}

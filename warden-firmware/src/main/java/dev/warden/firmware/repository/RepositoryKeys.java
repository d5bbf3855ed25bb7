package dev.warden.firmware.repository;

import dev.warden.tuf.TopLevelRole;
import dev.warden.tuf.TufSigner;

/** The signing key of each top-level role: KMS keys in the node, key pairs of their own in tests. */
@FunctionalInterface
public interface RepositoryKeys {
    TufSigner signer(TopLevelRole role);
}

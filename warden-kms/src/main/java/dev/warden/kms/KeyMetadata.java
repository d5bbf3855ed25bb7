package dev.warden.kms;

import dev.warden.kms.store.KeyRow;
import java.time.Instant;

/**
 * What can be said about a key without its material (a signing key's public key is read separately, with
 * {@link KeyManagementService#publicKey}).
 *
 * @param keySpec        {@link KeySpec#SYMMETRIC_DEFAULT} or {@link KeySpec#ECC_NIST_P256}
 * @param keyUsage       what the key may do, fixed by its spec
 * @param origin         where the private material lives: the KMS (wrapped by the master key) or the node's HSM
 * @param primaryVersion the version new ciphertexts and wrapped data keys use (1-based); always 1 for a signing key
 * @param versions       how many versions exist; every one of them still decrypts
 * @param rotatedAt      last rotation, {@code null} if never rotated
 * @param deletionAt     when a pending deletion takes effect, {@code null} if none
 */
public record KeyMetadata(
        String arn,
        String region,
        String account,
        String name,
        String description,
        KeySpec keySpec,
        KeyUsage keyUsage,
        KeyOrigin origin,
        KeyState state,
        int primaryVersion,
        int versions,
        Instant createdAt,
        Instant rotatedAt,
        Instant deletionAt) {

    /** The public view of a stored key as of {@code now}. */
    static KeyMetadata of(KeyRow row, Instant now) {
        return new KeyMetadata(
                row.arn(),
                row.region(),
                row.account(),
                row.name(),
                row.description(),
                row.keySpec(),
                row.keyUsage(),
                row.origin(),
                row.effectiveState(now),
                row.primaryVersion(),
                row.versions(),
                row.createdAt(),
                row.rotatedAt(),
                row.deletionAt());
    }
}

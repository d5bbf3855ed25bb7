package dev.warden.kms.store;

import dev.warden.kms.KeyOrigin;
import dev.warden.kms.KeySpec;
import dev.warden.kms.KeyState;
import dev.warden.kms.KeyUsage;
import java.time.Instant;

/**
 * A row of {@code kms_keys}: the key's metadata and its keyset, encrypted by the master key ({@code null} once purged).
 * For a {@link KeySpec#ECC_NIST_P256} key the keyset holds the private key: it is stored exactly as a symmetric
 * keyset is, so master-key rotation, purging and the at-rest checks treat both alike.
 *
 * <p>A key of origin {@link KeyOrigin#HSM} has no keyset at all: its private key is the token object
 * {@code hsmKeyLabel} ({@code null} once destroyed) and {@code publicKey} is its base64 SubjectPublicKeyInfo.
 */
public record KeyRow(
        String arn,
        String region,
        String account,
        String name,
        String description,
        KeySpec keySpec,
        KeyUsage keyUsage,
        KeyState state,
        String masterKeyId,
        String encryptedKeyset,
        int primaryVersion,
        int versions,
        Instant createdAt,
        Instant rotatedAt,
        Instant deletionAt,
        KeyOrigin origin,
        String hsmKeyLabel,
        String publicKey) {

    /** Whether material is left to purge: a keyset, or a token object in the HSM. */
    public boolean holdsMaterial() {
        return encryptedKeyset != null || hsmKeyLabel != null;
    }

    /** The state as of {@code now}: a pending deletion whose date has passed is a deletion, purged or not. */
    public KeyState effectiveState(Instant now) {
        if (state == KeyState.PENDING_DELETION && deletionAt != null && !now.isBefore(deletionAt)) {
            return KeyState.DELETED;
        }
        return state;
    }

    @Override
    public String toString() {
        return "KeyRow[" + arn + ", " + keySpec + ", " + origin + ", " + state + ", v" + primaryVersion + "/" + versions
                + "]";
    }
}

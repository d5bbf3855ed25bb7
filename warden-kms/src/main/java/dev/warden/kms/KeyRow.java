package dev.warden.kms;

import java.time.Instant;

/** A row of {@code kms_keys}: the key's metadata and its keyset, encrypted by the master key ({@code null} once purged). */
record KeyRow(String arn, String region, String account, String name, String description, KeyState state,
              String masterKeyId, String encryptedKeyset, int primaryVersion, int versions, Instant createdAt,
              Instant rotatedAt, Instant deletionAt) {

    /** The state as of {@code now}: a pending deletion whose date has passed is a deletion, purged or not. */
    KeyState effectiveState(Instant now) {
        if (state == KeyState.PENDING_DELETION && deletionAt != null && !now.isBefore(deletionAt)) {
            return KeyState.DELETED;
        }
        return state;
    }

    KeyMetadata metadata(Instant now) {
        return new KeyMetadata(arn, region, account, name, description, effectiveState(now), primaryVersion, versions,
                createdAt, rotatedAt, deletionAt);
    }

    @Override
    public String toString() {
        return "KeyRow[" + arn + ", " + state + ", v" + primaryVersion + "/" + versions + "]";
    }
}

package dev.warden.firmware.attestation;

/** The verdict of a boot attestation: {@link #OK} or why it failed. Stable codes: devices and operators see them. */
public enum AttestationReason {
    OK,
    /** Not a compact JWS with ES256 and {@code typ: eat+jwt}, or a claim missing or of the wrong form. */
    MALFORMED,
    /** The signature does not verify with the device certificate's key. */
    BAD_SIGNATURE,
    /** {@code sub} is not the thing that reported it. */
    WRONG_THING,
    NONCE_MISSING,
    /** The node never issued this nonce to this thing (or forgot it long ago). */
    NONCE_UNKNOWN,
    NONCE_EXPIRED,
    /** The nonce was used by an earlier report: a replay. */
    NONCE_REUSED,
    /** No release of the thing's type has this version, or its digest differs from the release's. */
    UNKNOWN_IMAGE,
    REVOKED_IMAGE,
    /** The version is below the minimum of a release the thing attested before (a rollback). */
    BELOW_MINIMUM;

    /**
     * Whether the report reached the image checks, so its nonce was valid and is now spent: a report that fails for
     * its image must not be replayable either, one that fails before proves nothing about the nonce.
     */
    public boolean spendsNonce() {
        return ordinal() >= UNKNOWN_IMAGE.ordinal() || this == OK;
    }
}

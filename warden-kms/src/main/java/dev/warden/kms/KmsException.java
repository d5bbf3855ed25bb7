package dev.warden.kms;

import java.util.Objects;

/**
 * A refused or failed KMS or secrets operation with a stable {@link KmsReason}. Messages name keys, owners and
 * secrets but never contain plaintext, secret values or key material; causes are not chained when they could.
 */
public final class KmsException extends RuntimeException {
    private final KmsReason reason;

    public KmsException(KmsReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    public KmsReason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "KmsException[" + reason + "]: " + getMessage();
    }
}

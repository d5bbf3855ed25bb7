package dev.warden.pki;

import java.util.Objects;

/**
 * The only exception type the PKI module throws for bad input or unavailable key material.
 *
 * <p>Messages are written for operators and API clients: they never contain private keys,
 * passphrases or PINs, so they may be logged and returned as-is.
 */
public final class PkiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PkiReason reason;

    public PkiException(PkiReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Like {@link #PkiException(PkiReason, String)} but keeps the underlying cause for diagnostics. */
    public PkiException(PkiReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the operation failed; never null. */
    public PkiReason reason() {
        return reason;
    }
}

package dev.warden.tuf;

import java.util.Objects;

/**
 * The only exception the TUF module throws for metadata or files it refuses, and for signing that failed.
 *
 * <p>Messages say which file and which check failed, with versions, key ids and hashes (all public values); they
 * never carry key material, so they may be logged and shown as they are.
 */
public final class TufException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final TufReason reason;

    public TufException(TufReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Like {@link #TufException(TufReason, String)} but keeps the underlying cause for diagnostics. */
    public TufException(TufReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the metadata or file was refused; never null. */
    public TufReason reason() {
        return reason;
    }
}

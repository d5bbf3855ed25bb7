package dev.warden.node;

import java.util.Objects;

/**
 * A sealed private key file that cannot be opened. The message names the file and the reason, never key material, so
 * it may be logged as-is.
 */
public final class SealedKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a sealed key file could not be opened. */
    public enum Reason {
        /** Not a sealed key file of a format this node reads (truncated, edited header, unknown version). */
        MALFORMED,
        /** Sealed under another master key than the one the node opened (e.g. an unfinished master-key rotation). */
        WRONG_MASTER_KEY,
        /** Sealed for another key file or region: files swapped or copied from elsewhere. */
        WRONG_FILE,
        /** Authenticated decryption failed: the ciphertext or its binding was altered. */
        DECRYPTION_FAILED
    }

    private final Reason reason;
    private final String file;

    public SealedKeyException(Reason reason, String file, String detail) {
        super("sealed key file " + file + ": " + reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.file = file;
    }

    public Reason reason() {
        return reason;
    }

    /** The file name (no directory), e.g. {@code server.key.sealed}. */
    public String file() {
        return file;
    }
}

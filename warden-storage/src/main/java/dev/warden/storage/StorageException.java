package dev.warden.storage;

/** A refused or failed storage operation with a stable reason code. Messages never contain secrets. */
public final class StorageException extends RuntimeException {
    private final StorageReason reason;

    public StorageException(StorageReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StorageReason reason() {
        return reason;
    }
}

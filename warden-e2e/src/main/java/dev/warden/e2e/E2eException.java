package dev.warden.e2e;

/** A refused seal or open, with its reason; its message never holds key material or plaintext. */
public final class E2eException extends RuntimeException {
    private final E2eReason reason;

    public E2eException(E2eReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public E2eReason reason() {
        return reason;
    }
}

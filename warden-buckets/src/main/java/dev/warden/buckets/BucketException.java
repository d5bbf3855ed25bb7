package dev.warden.buckets;

/** A refused bucket operation, with its reason; the message names what was wrong and never holds a secret. */
public class BucketException extends RuntimeException {
    private final BucketReason reason;

    public BucketException(BucketReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BucketReason reason() {
        return reason;
    }

    public String code() {
        return reason.code();
    }
}

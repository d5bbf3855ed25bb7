package dev.warden.region;

/** A refused region operation, with the reason the API reports. Messages never carry a token or key. */
public final class RegionException extends RuntimeException {
    private final RegionReason reason;

    public RegionException(RegionReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RegionException(RegionReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RegionReason reason() {
        return reason;
    }

    /** The reason code the API reports. */
    public String code() {
        return reason.name();
    }
}

package dev.warden.jobs;

/** A refused job operation, with its reason code. Nothing was changed. */
public final class JobException extends RuntimeException {
    private final JobReason reason;

    public JobException(JobReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public JobReason reason() {
        return reason;
    }
}

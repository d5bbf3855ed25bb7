package dev.warden.incident.notify;

/** One attempt's result: delivered, or failed with a safe error (a class name or a code) and whether to try again. */
record Outcome(boolean delivered, boolean retryable, String error) {
    static final Outcome DELIVERED = new Outcome(true, false, null);

    static Outcome retry(String error) {
        return new Outcome(false, true, error);
    }

    static Outcome fail(String error) {
        return new Outcome(false, false, error);
    }
}

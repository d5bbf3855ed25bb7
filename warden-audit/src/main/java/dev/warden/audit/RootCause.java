package dev.warden.audit;

/** Only the root cause: the driver's wrapper exceptions echo bound values, which must not reach the log. */
final class RootCause {
    private RootCause() {}

    static String of(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}

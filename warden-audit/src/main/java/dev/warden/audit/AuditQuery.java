package dev.warden.audit;

/**
 * Filters for looking events up; {@code null} means "any". Times are UTC epoch nanoseconds, {@code to} exclusive.
 *
 * @param afterSeq paging cursor: only events with a larger seq
 */
public record AuditQuery(
        String region,
        String principal,
        String action,
        String resource,
        AuditResult result,
        Long fromNanos,
        Long toNanos,
        long afterSeq,
        int limit) {
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        if (limit <= 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}

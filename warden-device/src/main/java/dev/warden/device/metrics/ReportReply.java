package dev.warden.device.metrics;

/**
 * The node's answer to one metrics report: accepted, or rejected with the node's {@code code}
 * ({@code INVALID_DEVICE_METRICS}, {@code DEVICE_METRICS_TOO_LARGE}, {@code THROTTLED}, ...) and a message naming
 * what was wrong.
 */
public record ReportReply(long reportId, boolean accepted, String code, String message) {
    public static ReportReply accepted(long reportId) {
        return new ReportReply(reportId, true, null, null);
    }
}

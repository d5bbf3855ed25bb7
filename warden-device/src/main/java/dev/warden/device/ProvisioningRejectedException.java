package dev.warden.device;

/**
 * The node refused a provisioning or rotation request (HTTP 4xx). {@link #serverCode()} is the node's stable error
 * code, e.g. {@code CLAIM_EXHAUSTED}, {@code THING_NAME_NOT_ALLOWED}, {@code KEY_REUSED}; {@link #requestId()} lets an
 * operator find the request in the node's log and audit trail.
 */
public final class ProvisioningRejectedException extends DeviceException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String serverCode;
    private final String requestId;

    public ProvisioningRejectedException(int httpStatus, String serverCode, String serverMessage, String requestId) {
        super(
                DeviceErrorReason.PROVISIONING_REJECTED,
                "HTTP " + httpStatus + " " + serverCode + ": " + serverMessage
                        + (requestId == null ? "" : " (request " + requestId + ")"));
        this.httpStatus = httpStatus;
        this.serverCode = serverCode;
        this.requestId = requestId;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The node's error code, or {@code HTTP_<status>} when the body carried none. */
    public String serverCode() {
        return serverCode;
    }

    /** The node's request id, null when the body carried none. */
    public String requestId() {
        return requestId;
    }
}

package dev.warden.iam;

/**
 * Why a IAM operation was refused: a stable code that callers (and the API's error bodies) rely on. The HTTP
 * layer alone decides what status each reason maps to.
 */
public enum IamReason {
    ACCESS_DENIED,
    ACCOUNT_DISABLED,
    ACCOUNT_LOCKED,
    INVALID_CREDENTIALS,
    INVALID_DURATION,
    INVALID_MFA_CODE,
    INVALID_NAME,
    INVALID_POLICY,
    INVALID_REFRESH_TOKEN,
    MFA_CODE_MISMATCH("INVALID_MFA_CODE"),
    MFA_NOT_STARTED,
    MFA_REQUIRED,
    UNKNOWN_GROUP,
    UNKNOWN_KEY,
    UNKNOWN_ROLE,
    UNKNOWN_SERVICE_ACCOUNT,
    UNKNOWN_USER,
    WEAK_PASSWORD;

    private final String code;

    IamReason() {
        this.code = name();
    }

    /** Two reasons may share a code when only the status they map to differs (e.g. a missing thing named in a body). */
    IamReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

package dev.warden.registry;

/**
 * Why a registry operation was refused: a stable code that callers (and the API's error bodies) rely on. The HTTP
 * layer alone decides what status each reason maps to.
 */
public enum RegistryReason {
    ALREADY_REVOKED,
    BUILT_IN_POLICY,
    CERTIFICATE_EXPIRED,
    CERTIFICATE_INACTIVE,
    CERTIFICATE_MISSING,
    CERTIFICATE_NOT_ACTIVE,
    CERTIFICATE_NOT_TRUSTED,
    CERTIFICATE_REVOKED,
    CERTIFICATE_UNKNOWN,
    CLAIM_EXHAUSTED,
    CLAIM_INACTIVE,
    CLAIM_TEMPLATE_MISMATCH,
    CLAIM_UNKNOWN,
    CSR_MISSING,
    /** A regional policy or thing group may not take the name of a global one (issue 24). */
    GLOBAL_NAME_TAKEN,
    /** The device's home region has recorded no gateway endpoint to send it to. */
    HOME_ENDPOINT_UNKNOWN,
    HOOK_REJECTED,
    INVALID_CA_CERTIFICATE,
    INVALID_CLAIM,
    INVALID_CLAIM_NAME,
    INVALID_FIELD,
    INVALID_NAME,
    INVALID_POLICY,
    INVALID_SERIAL,
    INVALID_STATUS,
    INVALID_TEMPLATE,
    INVALID_TEMPLATE_NAME,
    INVALID_THING_NAME,
    KEY_REUSED,
    MALFORMED_JSON,
    NOT_ATTACHED,
    NOT_A_CLAIM,
    NOT_A_DEVICE,
    NOT_A_MANUFACTURER_CERTIFICATE,
    NOT_A_MEMBER,
    NOT_A_SERVICE_ACCOUNT_CERTIFICATE,
    /** A certificate presented to sign in as a user is another kind's (a device's, a service account's). */
    NOT_A_USER_CERTIFICATE,
    NO_PREVIOUS_VERSION,
    POLICY_ATTACHED,
    REGION_NOT_ALLOWED,
    SERVICE_ACCOUNT_DISABLED,
    SERVICE_ACCOUNT_GONE("UNKNOWN_SERVICE_ACCOUNT"),
    TEMPLATE_DISABLED,
    TEMPLATE_GONE("UNKNOWN_TEMPLATE"),
    THING_EXISTS,
    THING_NAME_NOT_ALLOWED,
    THING_NAME_REFUSED("THING_NAME_NOT_ALLOWED"),
    UNAUTHENTICATED,
    UNKNOWN_CERTIFICATE,
    UNKNOWN_CLAIM,
    UNKNOWN_MANUFACTURER_CA,
    UNKNOWN_POLICY,
    UNKNOWN_PRINCIPAL,
    UNKNOWN_REQUESTED_POLICY("UNKNOWN_POLICY"),
    UNKNOWN_SERVICE_ACCOUNT,
    UNKNOWN_TEMPLATE,
    UNKNOWN_THING,
    UNKNOWN_THING_GROUP,
    UNKNOWN_USER,
    /** A policy has no version of that number. */
    UNKNOWN_VERSION,
    UNTRUSTED_CERTIFICATE,
    USER_DISABLED,
    USER_GONE("UNKNOWN_USER"),
    /** The version to restore is the one in force already: nothing would change. */
    VERSION_IN_FORCE,
    /** A device of another region of the deployment: it is served only in its home region. */
    WRONG_REGION;

    private final String code;

    RegistryReason() {
        this.code = name();
    }

    /** Two reasons may share a code when only the status they map to differs (e.g. a missing thing named in a body). */
    RegistryReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

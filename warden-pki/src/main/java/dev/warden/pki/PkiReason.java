package dev.warden.pki;

/** Machine-readable cause of a {@link PkiException}; stable, safe to return to API clients. */
public enum PkiReason {
    CSR_MALFORMED,
    CSR_TOO_LARGE,
    CSR_BAD_SIGNATURE,
    CSR_WEAK_KEY,
    CSR_UNSUPPORTED_KEY,
    CSR_SUBJECT_MISMATCH,
    OCSP_MALFORMED_REQUEST,
    OCSP_UNAUTHORIZED,
    KEY_EXPORT_FAILED,
    KEY_IMPORT_FAILED,
    HSM_UNAVAILABLE,
    CA_NOT_AVAILABLE,
    /** A certificate or PEM certificate bundle could not be parsed (added beyond the original list). */
    CERTIFICATE_MALFORMED,
    /** A certificate given as a region's root is not a self-signed CA valid now (cross-certification). */
    NOT_A_ROOT_CERTIFICATE,
    INTERNAL
}

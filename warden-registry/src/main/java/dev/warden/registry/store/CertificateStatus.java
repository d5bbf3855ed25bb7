package dev.warden.registry.store;

/** Life cycle of a certificate in the registry. REVOKED is terminal. */
public enum CertificateStatus {
    ACTIVE,
    INACTIVE,
    REVOKED,
    PENDING_ACTIVATION;

    /** Whether a certificate in this status may authenticate a connection. */
    public boolean mayConnect() {
        return this == ACTIVE;
    }
}

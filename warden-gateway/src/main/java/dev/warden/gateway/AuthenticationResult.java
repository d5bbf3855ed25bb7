package dev.warden.gateway;

import java.util.Objects;

/** The one decision a {@link DeviceAuthenticator} returns: the device's identity, or a refusal with its reason. */
public sealed interface AuthenticationResult {

    static AuthenticationResult accept(DeviceIdentity identity) {
        return new Accepted(identity);
    }

    static AuthenticationResult reject(RejectionReason reason, String detail) {
        return new Rejected(reason, detail);
    }

    /** The certificate belongs to an active thing. */
    record Accepted(DeviceIdentity identity) implements AuthenticationResult {
        public Accepted {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** The connection must be refused; {@code detail} goes to the log and the audit trail, never to the client. */
    record Rejected(RejectionReason reason, String detail) implements AuthenticationResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            detail = detail == null ? "" : detail;
        }
    }

    /** Why a certificate was refused. */
    enum RejectionReason {
        CERTIFICATE_UNKNOWN,
        CERTIFICATE_INACTIVE,
        CERTIFICATE_REVOKED,
        THING_UNKNOWN,
        /** The authenticator threw, timed out or returned nothing: refused, never let through. */
        AUTHENTICATOR_ERROR
    }
}

package dev.warden.gateway;

import java.util.Map;
import java.util.Objects;

/**
 * The one decision a {@link DeviceAuthenticator} returns: the device's identity, a refusal with its reason, or a
 * refusal that sends the device to the server that serves it.
 */
public sealed interface AuthenticationResult {

    static AuthenticationResult accept(DeviceIdentity identity) {
        return new Accepted(identity);
    }

    static AuthenticationResult reject(RejectionReason reason, String detail) {
        return new Rejected(reason, detail);
    }

    static AuthenticationResult redirect(
            String serverReference, String reason, String device, Map<String, String> details) {
        return new Redirected(serverReference, reason, device, details);
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

    /**
     * The certificate is valid, but its device is served by another server: the connection is refused and nothing of
     * it is kept here. An MQTT 5 client is told where to go (CONNACK 0x9C Use Another Server with the Server
     * Reference {@code serverReference}, {@code host:port}; none when it is empty); MQTT 3.1.1 has no such answer.
     * {@code reason} is the authenticator's stable code, {@code device} whom the certificate names and
     * {@code details} what else the audit trail should know of the attempt; none of them is sent to the client.
     */
    record Redirected(String serverReference, String reason, String device, Map<String, String> details)
            implements AuthenticationResult {
        public Redirected {
            serverReference = serverReference == null ? "" : serverReference;
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(device, "device");
            details = details == null ? Map.of() : Map.copyOf(details);
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

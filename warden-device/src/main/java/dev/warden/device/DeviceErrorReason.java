package dev.warden.device;

/** Why a device operation failed; stable values a device maker can switch on. */
public enum DeviceErrorReason {
    /** The gateway refused the CONNECT or a PUBLISH/SUBSCRIBE (certificate unknown or revoked, or policy denied). */
    NOT_AUTHORIZED,
    /** The TLS handshake failed: the peer is not signed by the pinned Warden root, or it refused our certificate. */
    TLS_FAILED,
    /** The node answered a provisioning or rotation request with a 4xx error; see the server's error code. */
    PROVISIONING_REJECTED,
    /** The node failed with a 5xx error or an answer that does not follow the API contract. */
    PROVISIONING_FAILED,
    /** The node or gateway could not be reached, or the connection dropped. */
    CONNECTION_FAILED,
    /** An operation did not complete within its timeout. */
    TIMEOUT,
    /** Stored credentials are missing, unreadable or inconsistent (key does not match certificate). */
    CREDENTIALS_INVALID,
    /** The client was closed, or gave up reconnecting. */
    CLOSED,
    /** The gateway refused a PUBLISH or SUBSCRIBE for a reason other than authorization (e.g. packet too large). */
    MESSAGE_REFUSED,
    /** The gateway serves another region and named the device's home gateway (MQTT 5 Use Another Server). */
    WRONG_REGION
}

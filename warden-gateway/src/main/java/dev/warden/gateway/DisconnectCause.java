package dev.warden.gateway;

/** Why a connected client's connection ended. */
public enum DisconnectCause {
    /** The client sent DISCONNECT (normal, or MQTT 5 "with will message"). */
    CLIENT_DISCONNECT,
    /** The network connection dropped without DISCONNECT. */
    CONNECTION_LOST,
    KEEP_ALIVE_TIMEOUT,
    /** Malformed, oversized or out-of-order packet. */
    PROTOCOL_ERROR,
    /** A PUBLISH the client was not authorized for, on MQTT 3.1.1 (which has no negative acknowledgement). */
    NOT_AUTHORIZED,
    /** A plaintext PUBLISH on a topic whose payloads must be sealed ({@link SealedTopics}), on MQTT 3.1.1. */
    PAYLOAD_NOT_SEALED,
    /** {@link SessionRegistry#disconnectBySerial} or {@link SessionRegistry#disconnectThing}. */
    REVOKED,
    /** Another connection with the same client ID took the session over. */
    SESSION_TAKEN_OVER,
    /** The client published faster than {@link FirewallRules#publishRate()} (MQTT 5: 0x96 Message rate too high). */
    PUBLISH_RATE_EXCEEDED,
    /** The client read too slowly for too long ({@link SlowConsumerPolicy}); closed without DISCONNECT. */
    SLOW_CONSUMER,
    /**
     * A message this client published could not be written to a persistent session it was routed to; the client
     * gets no acknowledgement and sends it again after reconnecting.
     */
    SESSION_STORE_FAILED,
    /**
     * The device is served by another server from now on (a failed-over region's devices sent home at failback);
     * MQTT 5: DISCONNECT 0x9C Use Another Server with the Server Reference.
     */
    SERVED_ELSEWHERE,
    /**
     * An operator ended the connection ({@link SessionRegistry#disconnectClient}); MQTT 5: DISCONNECT 0x98
     * Administrative action. The device may connect again: its certificate and policies are unchanged.
     */
    ADMINISTRATIVE_ACTION,
    SERVER_SHUTDOWN
}

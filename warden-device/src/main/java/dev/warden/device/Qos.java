package dev.warden.device;

/** MQTT delivery guarantees a device uses. */
public enum Qos {
    /** Fire and forget: completes when the message is written to the connection. */
    AT_MOST_ONCE,
    /** Completes when the gateway acknowledged the message (PUBACK); may be delivered twice after a reconnect. */
    AT_LEAST_ONCE
}

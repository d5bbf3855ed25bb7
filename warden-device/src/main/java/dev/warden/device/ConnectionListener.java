package dev.warden.device;

import java.time.Duration;

/**
 * Connection events of a {@link DeviceClient}, called on the client's I/O thread: implementations must return
 * quickly and must not block.
 */
public interface ConnectionListener {
    /** Ignores every event. */
    ConnectionListener NONE = new ConnectionListener() {};

    /** The client is connected (first connect or a successful reconnect). */
    default void connected() {}

    /** The connection was lost; the client retries in {@code retryIn}. */
    default void disconnected(DeviceException cause, int attempt, Duration retryIn) {}

    /**
     * The client stopped reconnecting: the gateway refused it ({@link DeviceErrorReason#NOT_AUTHORIZED}: retrying
     * would only hammer it) or the backoff ran out of attempts. The client is closed.
     */
    default void gaveUp(DeviceException cause) {}
}

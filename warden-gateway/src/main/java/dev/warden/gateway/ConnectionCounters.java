package dev.warden.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one connection has carried: PUBLISH packets and payload bytes, in (counted on its I/O thread) and out (counted
 * on the broker thread); read from any thread.
 */
final class ConnectionCounters {
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();

    /** A PUBLISH with {@code payloadBytes} of payload came in. */
    void received(int payloadBytes) {
        messagesIn.incrementAndGet();
        bytesIn.addAndGet(payloadBytes);
    }

    /** A PUBLISH with {@code payloadBytes} of payload goes out. */
    void sent(int payloadBytes) {
        messagesOut.incrementAndGet();
        bytesOut.addAndGet(payloadBytes);
    }

    MessageCounters snapshot() {
        return new MessageCounters(messagesIn.get(), bytesIn.get(), messagesOut.get(), bytesOut.get());
    }
}

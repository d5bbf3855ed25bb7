package dev.warden.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Back-pressure on one connection's outbound side: since when its channel has been unwritable (set on its event loop,
 * read on the broker thread, which cuts a slow consumer off, once) and how much waits to be written.
 */
final class OutboundPressure {
    private final AtomicBoolean cutOff = new AtomicBoolean();
    /** {@link System#nanoTime} when the channel last became unwritable; 0 while writable. */
    private volatile long unwritableSince;

    /** Event loop: the channel's writability changed. */
    void writabilityChanged(boolean writable) {
        if (writable) {
            unwritableSince = 0;
        } else if (unwritableSince == 0) {
            unwritableSince = System.nanoTime() | 1;
        }
    }

    /** When the channel became unwritable ({@link System#nanoTime}), or 0 if it is writable. */
    long unwritableSince() {
        return unwritableSince;
    }

    /** True only for the first caller: a slow consumer is cut off once, however many messages still arrive. */
    boolean markSlowConsumer() {
        return cutOff.compareAndSet(false, true);
    }

    /** Bytes written to {@code channel} but not yet handed to the socket (Netty's and the TLS layer's buffers). */
    static long pendingBytes(Channel channel) {
        ChannelOutboundBuffer buffer = channel == null ? null : channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}

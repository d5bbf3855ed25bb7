package dev.warden.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connections between accept and a completed CONNECT ({@link GatewayLimits#maxConnecting()}): at the
 * bound the listening sockets stop accepting, and new connections wait in the kernel's accept queue (and, once it is
 * full, their SYNs are retransmitted) until a quarter of the connecting ones are connected or closed.
 *
 * <p>Without it, a whole fleet reconnecting after a restart is accepted at once: the I/O threads share themselves
 * among thousands of handshakes, almost none finishes within the connect timeout, and they are all closed together
 * (with a TCP reset when the client's next bytes were still unread), only to be retried. Measured with 10,000
 * devices: 9,245 handshake timeouts in the first 20 s after the port opened, and 7,784 resets seen by the devices.
 *
 * <p>It changes no admission decision: every accepted connection still goes through the {@link ConnectionFirewall}
 * first, and a connection that never completes its handshake is closed at the connect timeout as before (and counts
 * toward a ban of its address). A client that connects and stays silent holds its place until then, as it holds one
 * of {@link GatewayLimits#maxConnections()}; connected clients hold none. Thread-safe.
 */
final class ConnectingLimit {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectingLimit.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf(ConnectingLimit.class, "counted");

    private final int max;
    /** Accepting resumes at this many connecting: a quarter of {@link #max} below it. */
    private final int resumeAt;

    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong pauses = new AtomicLong();
    private final ChannelHandler acceptor = new Acceptor();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private int connecting;
    /** Guarded by {@link #lock}; the listeners' auto-read is changed under it, so the last change always wins. */
    private boolean paused;

    ConnectingLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive");
        }
        this.max = max;
        this.resumeAt = max - Math.max(1, max / 4);
    }

    /**
     * The handler of a listening socket ({@code ServerBootstrap.handler}): it counts each accepted connection as it is
     * accepted, on the accepting thread, so that accepting stops exactly at the bound, even within one burst.
     */
    ChannelHandler onAccept() {
        return acceptor;
    }

    @ChannelHandler.Sharable
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            listen(ctx.channel());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                entered(child);
                child.closeFuture().addListener(closed -> left(child));
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** A listening socket whose accepting is paused and resumed with the others. */
    void listen(Channel serverChannel) {
        synchronized (lock) {
            listeners.add(serverChannel);
            if (paused) {
                serverChannel.config().setAutoRead(false);
            }
        }
    }

    /** An admitted connection starts connecting; counted until {@link #left} (idempotent). */
    void entered(Channel channel) {
        if (channel.attr(COUNTED).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        synchronized (lock) {
            connecting++;
            if (!paused && connecting >= max) {
                paused = true;
                pauses.incrementAndGet();
                LOG.debug("{} connections connecting: accepting paused", connecting);
                listeners.forEach(listener -> listener.config().setAutoRead(false));
            }
        }
    }

    /** The connection is connected (CONNACK sent) or closed; only the first call for a channel counts. */
    void left(Channel channel) {
        if (channel.attr(COUNTED).getAndSet(Boolean.FALSE) != Boolean.TRUE) {
            return;
        }
        synchronized (lock) {
            connecting--;
            if (paused && connecting <= resumeAt) {
                paused = false;
                LOG.debug("{} connections connecting: accepting again", connecting);
                listeners.forEach(listener -> listener.config().setAutoRead(true));
            }
        }
    }

    /** Connections accepted and not yet connected or closed. */
    int connecting() {
        synchronized (lock) {
            return connecting;
        }
    }

    /** Times accepting was paused since start. */
    long pauses() {
        return pauses.get();
    }
}

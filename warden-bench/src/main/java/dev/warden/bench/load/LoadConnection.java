package dev.warden.bench.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One device's MQTT 5 connection over mutual TLS: client ID = thing name, clean start, keep-alive 120 s, bound to a
 * chosen source address (see {@link LoopbackSources}), without automatic reconnect, which would hide a disconnect. One
 * object is one connection: reconnecting means a new object from {@link LoadClient#open}.
 */
interface LoadConnection {
    /** The two QoS levels the harness publishes with. */
    int AT_MOST_ONCE = 0;

    int AT_LEAST_ONCE = 1;

    BenchDevice device();

    /** TCP connect, TLS handshake, CONNECT and CONNACK; fails when the broker refuses. */
    CompletableFuture<Void> connect();

    /** Completes once the broker accepted the message: on the PUBACK for QoS 1, once written for QoS 0. */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos);

    /**
     * Where {@link #publish} is cheapest to call from: a Netty connection's event loop, so that a pacer hands each loop
     * one task per tick instead of waking it once per message. Connections of one loop return the same executor.
     */
    default Executor sendExecutor() {
        return Runnable::run;
    }

    /** Subscribes at QoS 0; {@code handler} gets the payload of every message delivered on this connection. */
    CompletableFuture<Void> subscribe(String filter, Consumer<byte[]> handler);

    /** Completes with {@link System#nanoTime()} when the connection is lost or closed. */
    CompletableFuture<Long> disconnected();

    boolean isConnected();

    /** Sends DISCONNECT and closes; completes at once when the connection is already gone. */
    CompletableFuture<Void> disconnect();
}

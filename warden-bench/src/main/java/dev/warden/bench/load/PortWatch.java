package dev.warden.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/**
 * Watches a broker's restart from outside: waits for the old process to exit, then polls the port with plain TCP
 * connects (every 10 ms, from an address no device uses, so that Warden's per-address firewall charges no device)
 * until the new process accepts. Both moments are {@link System#nanoTime()} values.
 */
final class PortWatch {
    private static final long POLL_MILLIS = 10;
    private static final int CONNECT_TIMEOUT_MILLIS = 200;

    private final CompletableFuture<Long> exited = new CompletableFuture<>();
    private final CompletableFuture<Long> open = new CompletableFuture<>();

    private PortWatch() {}

    static PortWatch start(long oldPid, int port, InetAddress source) {
        PortWatch watch = new PortWatch();
        Thread watcher = new Thread(() -> watch.run(oldPid, port, source), "port-watch");
        watcher.setDaemon(true);
        watcher.start();
        return watch;
    }

    /** When the old process had exited. */
    CompletableFuture<Long> exited() {
        return exited;
    }

    /** When the new process first accepted a TCP connection. */
    CompletableFuture<Long> open() {
        return open;
    }

    private void run(long oldPid, int port, InetAddress source) {
        // Until the old process is gone, its listener may still answer.
        ProcessHandle.of(oldPid).ifPresent(old -> old.onExit().join());
        exited.complete(System.nanoTime());
        try {
            while (!open.isDone()) {
                try (Socket socket = new Socket()) {
                    socket.bind(new InetSocketAddress(source, 0));
                    socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
                    open.complete(System.nanoTime());
                } catch (IOException notYet) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            open.cancel(false);
        }
    }
}

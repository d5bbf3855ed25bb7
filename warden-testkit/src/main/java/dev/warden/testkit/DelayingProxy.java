package dev.warden.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP proxy on a loopback port that delays every byte by a fixed time in each direction (order kept), to put
 * regions "far apart" in one machine: 100 ms each way is the seed's 200 ms round trip between continents. It can
 * cut the link (every connection dropped, new ones refused) and restore it on the same port.
 */
public final class DelayingProxy implements AutoCloseable {
    private final InetSocketAddress upstream;
    private final Duration delay;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean closed;

    public DelayingProxy(String upstreamHost, int upstreamPort, Duration delay) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.delay = delay;
        this.port = FreePorts.next();
        listen();
    }

    public int port() {
        return port;
    }

    /** Drops every connection and refuses new ones until {@link #restore()}. */
    public synchronized void cut() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() throws IOException {
        if (server == null && !closed) {
            listen();
        }
    }

    private void listen() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        Thread acceptor = new Thread(() -> accept(s), "delaying-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // the server socket closed: cut or close
            }
            try {
                Socket target = new Socket();
                target.connect(upstream, 5_000);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                if (register(s, client, target)) {
                    pump(client, target);
                    pump(target, client);
                }
            } catch (IOException e) {
                // the upstream refused: the client sees a closed socket, not one that hangs
                closeQuietly(client);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /**
     * Records a connection pair unless the link was cut while it was being accepted: such a pair would outlive the
     * cut (a keep-alive connection that still reaches the upstream) and make the cut a lie.
     */
    private synchronized boolean register(ServerSocket acceptedBy, Socket client, Socket target) throws IOException {
        if (server != acceptedBy) {
            client.close();
            target.close();
            return false;
        }
        sockets.add(client);
        sockets.add(target);
        return true;
    }

    /** Reads from one side and writes to the other {@code delay} later, in order. */
    private void pump(Socket from, Socket to) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    // Streams are not closed here: closing one closes the socket, and the other direction with it.
                    try {
                        InputStream in = from.getInputStream();
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            queue.put(new Chunk(System.nanoTime() + delay.toNanos(), Arrays.copyOf(buffer, n)));
                        }
                    } catch (IOException | InterruptedException e) {
                        // closed
                    }
                    queue.add(Chunk.END);
                },
                "delaying-proxy-read");
        Thread writer = new Thread(
                () -> {
                    try {
                        OutputStream out = to.getOutputStream();
                        while (true) {
                            Chunk chunk = queue.take();
                            if (chunk == Chunk.END) {
                                to.shutdownOutput();
                                return;
                            }
                            long wait = chunk.dueNanos() - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                            out.write(chunk.bytes());
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // closed
                    }
                },
                "delaying-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private record Chunk(long dueNanos, byte[] bytes) {
        static final Chunk END = new Chunk(0, new byte[0]);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
    }
}

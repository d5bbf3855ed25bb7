package dev.warden.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code DATA/node.lock}, locked by a running node for as long as it runs (an OS lock: it goes with the process,
 * even after a kill -9). Two nodes never share a data directory, and offline tools can tell a running node's
 * unsigned audit tail (it signs within a heartbeat) from a stopped one's (a crash, or events appended by someone).
 */
public final class NodeLock implements AutoCloseable {
    static final String FILE_NAME = "node.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private NodeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks the data directory; refuses when another node holds it. */
    public static NodeLock acquire(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel =
                    FileChannel.open(dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another Warden node is running on " + dataDir);
            }
            return new NodeLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dataDir.resolve(FILE_NAME), e);
        }
    }

    /** Whether a node (in this process or another) runs on the data directory now. */
    public static boolean held(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.warden.audit.anchor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.witness.Cosignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only JSON-lines file per region ({@code <region>.anchor.jsonl}) in a directory meant for another volume
 * or a WORM mount. Checkpoints and epochs are forced to disk; heads are written without forcing (they survive a
 * killed process, and a lost head only narrows what the anchor proves, never makes it lie).
 */
public final class AnchorFile implements AnchorSink, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;

    private AnchorFile(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating if needed) the anchor file of {@code region} in {@code dir}. */
    public static AnchorFile open(Path dir, String region) {
        try {
            Files.createDirectories(dir);
            Path file = fileOf(dir, region);
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new AnchorFile(file, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit anchor in " + dir, e);
        }
    }

    public static Path fileOf(Path dir, String region) {
        return dir.resolve(region + ".anchor.jsonl");
    }

    public Path file() {
        return file;
    }

    @Override
    public void checkpoint(AuditDigest d) {
        write(AnchorLines.checkpoint(d), true);
    }

    @Override
    public void head(AnchoredHead head) {
        write(AnchorLines.head(head), false);
    }

    @Override
    public void epoch(EpochStart epoch) {
        write(AnchorLines.epoch(epoch), true);
    }

    /**
     * Appends a witness's countersignature (forced, like checkpoints). Called by the witness delivery thread, not the
     * writer, so it is not part of {@link AnchorSink}.
     */
    public void cosignature(Cosignature cosignature) {
        write(AnchorLines.cosignature(cosignature), true);
    }

    @Override
    public void key(AnchoredKey key) {
        write(AnchorLines.key(key), true);
    }

    private synchronized void write(ObjectNode line, boolean force) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit anchor " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.warden.tuf;

import dev.warden.tuf.client.MetadataSource;
import dev.warden.tuf.client.TargetSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a repository serves at one moment: metadata files by name and target files by consistent name. Immutable;
 * the {@code with...} methods are how tests build a tampered copy of a real state.
 */
public record RepositoryState(Map<String, byte[]> metadata, Map<String, byte[]> targets) {
    public RepositoryState {
        metadata = Map.copyOf(metadata);
        targets = Map.copyOf(targets);
    }

    public byte[] metadata(String name) {
        byte[] file = metadata.get(name);
        if (file == null) {
            throw new IllegalArgumentException("no metadata file " + name);
        }
        return file.clone();
    }

    public String metadataText(String name) {
        return new String(metadata(name), StandardCharsets.UTF_8);
    }

    public RepositoryState withMetadata(String name, byte[] file) {
        Map<String, byte[]> copy = new TreeMap<>(metadata);
        copy.put(name, file);
        return new RepositoryState(copy, targets);
    }

    public RepositoryState withMetadataText(String name, String text) {
        return withMetadata(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public RepositoryState withoutMetadata(String name) {
        Map<String, byte[]> copy = new TreeMap<>(metadata);
        copy.remove(name);
        return new RepositoryState(copy, targets);
    }

    public RepositoryState withTarget(String name, byte[] file) {
        Map<String, byte[]> copy = new TreeMap<>(targets);
        copy.put(name, file);
        return new RepositoryState(metadata, copy);
    }

    public RepositoryState withoutTarget(String name) {
        Map<String, byte[]> copy = new TreeMap<>(targets);
        copy.remove(name);
        return new RepositoryState(metadata, copy);
    }

    /** Serves metadata as a careful device would read it: never more than {@code maxLength + 1} bytes. */
    public MetadataSource metadataSource() {
        return (name, maxLength) -> read(metadata, name, maxLength);
    }

    public TargetSource targetSource() {
        return (path, maxLength) -> read(targets, path, maxLength);
    }

    /** Lays the state out as a web server would serve it: {@code metadata/<name>} and {@code targets/<path>}. */
    public void writeTo(Path dir) {
        try {
            for (Map.Entry<String, byte[]> file : metadata.entrySet()) {
                write(dir.resolve("metadata").resolve(file.getKey()), file.getValue());
            }
            for (Map.Entry<String, byte[]> file : targets.entrySet()) {
                write(dir.resolve("targets").resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static Optional<byte[]> read(Map<String, byte[]> files, String name, long maxLength) {
        byte[] file = files.get(name);
        if (file == null) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOf(file, (int) Math.min(file.length, maxLength + 1)));
    }
}

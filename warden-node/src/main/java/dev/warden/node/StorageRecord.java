package dev.warden.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.storage.DatabaseLocation;
import dev.warden.storage.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code DATA/storage.json}: where the node keeps its database, written at every start, so that offline tools given
 * only the data directory open the node's real storage instead of an empty one. It names the database (kind, host,
 * port, database, user) and never holds a password.
 *
 * @param kind     {@code sqlite} or {@code postgresql}
 * @param location the location with the password masked, e.g. {@code postgresql://warden:***@db:5432/warden}
 * @param url      what to pass as {@code --db} once the password is added; empty for the embedded SQLite default
 */
public record StorageRecord(String kind, String location, String url) {
    static final String FILE_NAME = "storage.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static StorageRecord of(DatabaseLocation location, String configuredDb) {
        boolean postgres = location.kind() == DatabaseLocation.Kind.POSTGRESQL;
        return new StorageRecord(
                postgres ? "postgresql" : "sqlite",
                location.redacted(),
                postgres ? location.redacted().replace(":***@", "@") : configuredDb == null ? "" : configuredDb);
    }

    public static Path fileIn(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    public void write(Path dataDir) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("location", location);
        m.put("url", url);
        try {
            SecureFiles.writePublic(
                    fileIn(dataDir), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record in a data directory, if a node ever started there. */
    public static Optional<StorageRecord> read(Path dataDir) {
        Path file = fileIn(dataDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return Optional.of(new StorageRecord(
                    n.path("kind").asText(),
                    n.path("location").asText(),
                    n.path("url").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public boolean postgres() {
        return "postgresql".equals(kind);
    }
}

package dev.warden.storage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the data lives: an SQLite file under the data directory or a PostgreSQL server.
 * Holds the password only to hand it to the driver; {@link #toString()} and {@link #redacted()} never show it.
 */
public record DatabaseLocation(Kind kind, String jdbcUrl, String user, String password, String redacted) {

    public enum Kind {
        SQLITE,
        POSTGRESQL
    }

    public static final String SQLITE_FILE = "warden.db";

    /** Parses {@code --db}: blank means SQLite in {@code dataDir}; else {@code postgresql://} or {@code postgres://}. */
    public static DatabaseLocation parse(String dbUrl, Path dataDir) {
        if (dbUrl == null || dbUrl.isBlank()) {
            Path file = dataDir.resolve(SQLITE_FILE).toAbsolutePath();
            return new DatabaseLocation(Kind.SQLITE, "jdbc:sqlite:" + file, null, null, "sqlite:" + file);
        }
        if (dbUrl.startsWith("sqlite:")) {
            String file = dbUrl.substring("sqlite:".length());
            return new DatabaseLocation(Kind.SQLITE, "jdbc:sqlite:" + file, null, null, dbUrl);
        }
        if (!dbUrl.startsWith("postgresql://") && !dbUrl.startsWith("postgres://")) {
            throw new StorageException(
                    StorageReason.INVALID,
                    "--db must be postgresql://user:password@host:port/database (or empty for SQLite)");
        }
        URI uri;
        try {
            uri = URI.create(dbUrl);
        } catch (IllegalArgumentException e) {
            throw new StorageException(StorageReason.INVALID, "--db is not a valid URL");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/warden" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbc = "jdbc:postgresql://" + host + ":" + port + path + query;
        String shown = "postgresql://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@") + host
                + ":" + port + path;
        return new DatabaseLocation(Kind.POSTGRESQL, jdbc, user, password, shown);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return redacted;
    }
}

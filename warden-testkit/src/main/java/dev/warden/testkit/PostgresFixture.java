package dev.warden.testkit;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL schema per test. The server is the one named by {@code WARDEN_TEST_PG_URL}
 * ({@code .ci/run} sets {@code postgresql://warden:warden-ci@127.0.0.1:5432/warden_test}); when that variable is
 * unset, an embedded PostgreSQL is started once per JVM (see {@link EmbeddedPostgresServer}), so tests that need
 * PostgreSQL run on every machine and never skip. A configured server that cannot be reached fails the test.
 */
public final class PostgresFixture {
    public static final String URL_VARIABLE = "WARDEN_TEST_PG_URL";

    private PostgresFixture() {}

    /** The server's {@code postgresql://user:password@host:port/database} URL (starting the embedded one if needed). */
    public static String baseUrl() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? EmbeddedPostgresServer.url() : url;
    }

    /** Whether this JVM uses an embedded server (no {@code WARDEN_TEST_PG_URL}). */
    public static boolean embedded() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank();
    }

    /** Creates a new schema and returns a {@code postgresql://} URL whose connections use it. */
    public static String freshSchemaUrl() {
        String base = baseUrl();
        URI uri = URI.create(base);
        String[] userInfo = uri.getUserInfo() == null
                ? new String[] {"", ""}
                : uri.getUserInfo().split(":", 2);
        String jdbc =
                "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();
        String schema = "t_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(jdbc, userInfo[0], userInfo.length > 1 ? userInfo[1] : "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL not reachable at " + jdbc + " (" + e.getMessage() + "): "
                            + (embedded()
                                    ? "the embedded server did not answer"
                                    : "start it (see .ci/run) or unset " + URL_VARIABLE + " to use an embedded one"),
                    e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}

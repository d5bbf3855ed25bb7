package dev.warden.testkit;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty PostgreSQL schema per test, on the server named by {@code WARDEN_TEST_PG_URL}
 * (default {@code postgresql://warden:warden-ci@127.0.0.1:5432/warden_test}, which {@code .ci/run} creates).
 * In CI ({@code CI=true}) an unreachable server fails the test; elsewhere the test is skipped with the reason.
 */
public final class PostgresFixture {
    public static final String DEFAULT_URL = "postgresql://warden:warden-ci@127.0.0.1:5432/warden_test";

    private PostgresFixture() {}

    public static String baseUrl() {
        String url = System.getenv("WARDEN_TEST_PG_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /** Creates a new schema and returns a {@code postgresql://} URL whose connections use it. */
    public static String freshSchemaUrl() {
        String base = baseUrl();
        URI uri = URI.create(base);
        String[] userInfo = uri.getUserInfo() == null ? new String[] {"", ""} : uri.getUserInfo().split(":", 2);
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(jdbc, userInfo[0], userInfo.length > 1 ? userInfo[1] : "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String why = "PostgreSQL not reachable at " + jdbc + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why + ": in CI this is a failure, never a skip");
            }
            Assumptions.abort(why + "; run .ci/run's setup or set WARDEN_TEST_PG_URL");
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}

package dev.warden.kms.rotation;

import static dev.warden.kms.KmsFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KmsEvents;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsFixture;
import dev.warden.kms.KmsReason;
import dev.warden.kms.SecretLabel;
import dev.warden.kms.SecretValue;
import dev.warden.kms.SecretsManager;
import dev.warden.storage.Database;
import dev.warden.storage.DatabaseLocation;
import dev.warden.testkit.MutableClock;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end against the real PostgreSQL: the rotated password logs in, the old one no longer does. */
@Tag("postgresql")
class PostgresRoleRotationTest {

    @Test
    void rotatesARolePasswordWithAlterRole(@TempDir Path dir) throws Exception {
        String url = PostgresFixture.freshSchemaUrl();
        DatabaseLocation admin = DatabaseLocation.parse(PostgresFixture.baseUrl(), dir);
        String role = "kms_rot_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        String initial = "Initial-" + RandomPasswordRotator.randomPassword(20);
        execute(admin, "CREATE ROLE " + role + " LOGIN PASSWORD '" + initial + "'");
        try (Database db = Database.open(url, dir)) {
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), KmsEvents.NONE);
            kms.createKey("acme", "secrets", "");
            SecretsManager secrets = new SecretsManager(db, kms, "secrets");
            secrets.put("db/" + role, SecretValue.of(initial));
            assertThat(canLogIn(admin, role, initial)).isTrue();

            PostgresRolePasswordRotator rotator =
                    PostgresRolePasswordRotator.forDatabaseUrl(PostgresFixture.baseUrl(), role);
            assertThat(rotator.toString()).doesNotContain(admin.password());
            secrets.rotate("db/" + role, rotator);

            String rotated = secrets.get("db/" + role).value().asString();
            assertThat(rotated).isNotEqualTo(initial).hasSize(32);
            assertThat(canLogIn(admin, role, rotated)).isTrue();
            assertThat(canLogIn(admin, role, initial)).isFalse();
            assertThat(secrets.get("db/" + role, SecretLabel.PREVIOUS).value().asString())
                    .isEqualTo(initial);

            // A rotator for a role that does not exist fails in setSecret; CURRENT stays the working password.
            PostgresRolePasswordRotator wrong =
                    PostgresRolePasswordRotator.forDatabaseUrl(PostgresFixture.baseUrl(), role + "_missing");
            assertThatThrownBy(() -> secrets.rotate("db/" + role, wrong))
                    .isInstanceOf(KmsException.class)
                    .hasMessageContaining("setSecret")
                    .satisfies(e -> assertThat(((KmsException) e).reason()).isEqualTo(KmsReason.ROTATION_FAILED));
            assertThat(canLogIn(admin, role, secrets.get("db/" + role).value().asString()))
                    .isTrue();
        } finally {
            execute(admin, "DROP ROLE IF EXISTS " + role);
        }
    }

    private static boolean canLogIn(DatabaseLocation admin, String role, String password) {
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), role, password);
                Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void execute(DatabaseLocation admin, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

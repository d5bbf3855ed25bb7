package dev.warden.kms.rotation;

import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.SecretRotator;
import dev.warden.kms.SecretValue;
import dev.warden.storage.DatabaseLocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Rotates the password of a PostgreSQL login role. {@code setSecret} runs {@code ALTER ROLE ... PASSWORD} as an
 * administrator (a role with CREATEROLE) through the driver's {@code alterUserPassword}, which sends only a SCRAM-SHA-256
 * verifier, so the password itself never reaches the server's statement log; {@code testSecret} logs in as the role.
 */
public final class PostgresRolePasswordRotator implements SecretRotator {
    private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String jdbcUrl;
    private final String adminUser;
    private final SecretValue adminPassword;
    private final String role;
    private final int length;

    /**
     * @param jdbcUrl       {@code jdbc:postgresql://host:port/db}
     * @param role          the login role whose password is rotated (lower-case identifier)
     * @param passwordLength length of generated passwords, 16 to 256
     */
    public PostgresRolePasswordRotator(
            String jdbcUrl, String adminUser, SecretValue adminPassword, String role, int passwordLength) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, "a jdbc:postgresql:// URL is required");
        }
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, "invalid role name '" + role + "'");
        }
        new RandomPasswordRotator(passwordLength);
        this.jdbcUrl = jdbcUrl;
        this.adminUser = Objects.requireNonNull(adminUser, "adminUser");
        this.adminPassword = Objects.requireNonNull(adminPassword, "adminPassword");
        this.role = role;
        this.length = passwordLength;
    }

    /** An administrator from a Warden database URL, {@code postgresql://user:password@host:port/db}. */
    public static PostgresRolePasswordRotator forDatabaseUrl(String postgresqlUrl, String role) {
        DatabaseLocation location = DatabaseLocation.parse(postgresqlUrl, Path.of("."));
        if (location.kind() != DatabaseLocation.Kind.POSTGRESQL || location.user() == null) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, "a postgresql://user:password@host/db URL is required");
        }
        return new PostgresRolePasswordRotator(
                location.jdbcUrl(),
                location.user(),
                SecretValue.of(Objects.requireNonNullElse(location.password(), "")),
                role,
                32);
    }

    @Override
    public SecretValue createSecret(SecretValue current) {
        return SecretValue.of(RandomPasswordRotator.randomPassword(length));
    }

    @Override
    public void setSecret(SecretValue previous, SecretValue next) {
        char[] password = next.asChars();
        try (Connection admin = connect(adminUser, adminPassword)) {
            admin.unwrap(PGConnection.class).alterUserPassword(role, password, "scram-sha-256");
        } catch (SQLException e) {
            throw failure("cannot set the password of role " + role, e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public void testSecret(SecretValue pending) {
        try (Connection connection = connect(role, pending);
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw failure("cannot log in as role " + role + " with the pending password", e);
        }
    }

    private Connection connect(String user, SecretValue password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password.asString());
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    private static KmsException failure(String what, SQLException e) {
        // SQLSTATE only: driver messages can echo connection details.
        return new KmsException(KmsReason.ROTATION_FAILED, what + " (SQLSTATE " + e.getSQLState() + ")");
    }

    @Override
    public String toString() {
        return "PostgresRolePasswordRotator[" + role + " via " + adminUser + "]";
    }
}

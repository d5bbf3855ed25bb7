package dev.warden.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.storage.Database;
import dev.warden.storage.DatabaseLocation;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** V15 turns the Base64 text of every stored telemetry segment into its bytes, on both backends, or changes nothing. */
@Tag("postgresql")
class TelemetryCiphertextMigrationTest {

    static Stream<Arguments> backends() {
        return Stream.of(Arguments.of("sqlite"), Arguments.of("postgresql"));
    }

    private record Row(String id, String thing, long firstAt, long lastAt, int messages, byte[] ciphertext) {}

    @ParameterizedTest
    @MethodSource("backends")
    void segmentsWrittenAsBase64ReadBackAsTheSameBytes(String backend, @TempDir Path dir) throws Exception {
        String url = url(backend);
        DatabaseLocation location = migratedTo14(url, dir);
        Random random = new Random(15);
        // More rows than one insert batch of the migration, with empty and large ciphertexts among them.
        List<Row> rows = Stream.iterate(0, i -> i + 1)
                .limit(1_203)
                .map(i -> {
                    byte[] ciphertext = new byte[i == 7 ? 0 : i == 8 ? 70_000 : 28 + random.nextInt(400)];
                    random.nextBytes(ciphertext);
                    return new Row(
                            "seg-" + i, "thing-" + (i % 5), 1_000L * i, 1_000L * i + 999, 1 + i % 50, ciphertext);
                })
                .toList();
        v14(location)
                .useHandle(h ->
                        rows.forEach(r -> insertV14(h, r, Base64.getEncoder().encodeToString(r.ciphertext()))));

        try (Database db = Database.open(url, dir)) {
            List<Row> after = db.read(h -> h.createQuery("SELECT id, thing, first_at, last_at, messages, ciphertext "
                            + "FROM telemetry_segments WHERE region = 'eu-west-1' ORDER BY first_at")
                    .map((rs, ctx) -> new Row(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getInt(5),
                            rs.getBytes(6)))
                    .list());
            assertThat(after).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(rows);
            // The indexes came along: a thing's segments by time, and expiry by last_at.
            int thing3 = db.read(h -> h.createQuery("SELECT COUNT(*) FROM telemetry_segments "
                            + "WHERE region = 'eu-west-1' AND thing = 'thing-3' AND first_at >= 0")
                    .mapTo(Integer.class)
                    .one());
            assertThat(thing3).isEqualTo(240);
            // New rows store bytes.
            db.useTransaction(h -> h.createUpdate("INSERT INTO telemetry_segments (id, region, thing, first_at, "
                            + "last_at, messages, ciphertext) VALUES ('new', 'eu-west-1', 't', 1, 2, 1, :c)")
                    .bind("c", new byte[] {0, 1, (byte) 0xff})
                    .execute());
            byte[] stored = db.read(h -> h.createQuery("SELECT ciphertext FROM telemetry_segments WHERE id = 'new'")
                    .mapTo(byte[].class)
                    .one());
            assertThat(stored).containsExactly(0, 1, 0xff);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRowThatIsNotBase64StopsTheMigrationAndLeavesTheTableAsItWas(String backend, @TempDir Path dir) {
        String url = url(backend);
        DatabaseLocation location = migratedTo14(url, dir);
        Jdbi v14 = v14(location);
        v14.useHandle(h -> {
            insertV14(
                    h, new Row("good", "t", 1, 2, 1, null), Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
            insertV14(h, new Row("bad", "t", 3, 4, 1, null), "not*base64");
        });

        assertThatThrownBy(() -> Database.open(url, dir))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(StorageReason.UNAVAILABLE))
                .hasMessageContaining("telemetry segment bad has a ciphertext that is not Base64");

        List<String> ciphertexts =
                v14.withHandle(h -> h.createQuery("SELECT ciphertext FROM telemetry_segments ORDER BY first_at")
                        .mapTo(String.class)
                        .list());
        assertThat(ciphertexts).containsExactly("AQID", "not*base64");
        List<String> applied = v14.withHandle(h -> h.createQuery(
                        "SELECT version FROM flyway_schema_history " + "WHERE success AND version IS NOT NULL")
                .mapTo(String.class)
                .list());
        assertThat(applied).contains("14").doesNotContain("15");
    }

    private static String url(String backend) {
        return "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
    }

    /** The schema as a node before V15 left it. */
    private static DatabaseLocation migratedTo14(String url, Path dir) {
        DatabaseLocation location = DatabaseLocation.parse(url, dir);
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Flyway.configure()
                .dataSource(location.jdbcUrl(), location.user(), location.password())
                .locations(dev.warden.storage.Database.MIGRATION_LOCATIONS)
                .mixed(true)
                .target("14")
                .load()
                .migrate();
        return location;
    }

    private static Jdbi v14(DatabaseLocation location) {
        return location.user() == null
                ? Jdbi.create(location.jdbcUrl())
                : Jdbi.create(location.jdbcUrl(), location.user(), location.password());
    }

    private static void insertV14(Handle h, Row r, String ciphertext) {
        h.createUpdate("INSERT INTO telemetry_segments (id, region, thing, first_at, last_at, messages, ciphertext) "
                        + "VALUES (:id, 'eu-west-1', :thing, :first, :last, :messages, :ciphertext)")
                .bind("id", r.id())
                .bind("thing", r.thing())
                .bind("first", r.firstAt())
                .bind("last", r.lastAt())
                .bind("messages", r.messages())
                .bind("ciphertext", ciphertext)
                .execute();
    }
}

package dev.warden.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.iam.store.ServiceAccountDao;
import dev.warden.storage.Database;
import dev.warden.storage.DatabaseLocation;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry's rules hold on both backends: the same SQL, the same behaviour. */
@Tag("postgresql")
class RegistryStorageTest {
    @TempDir
    static Path dataDir;

    static Stream<Arguments> backends() {
        return Stream.of(Arguments.of("sqlite"), Arguments.of("postgresql"));
    }

    private static Database open(String backend, Path dir) {
        return Database.open("postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null, dir);
    }

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z").truncatedTo(ChronoUnit.MILLIS);

    private static CertificateRecord cert(String serial, String thing) {
        return new CertificateRecord(
                serial,
                "fp-" + serial,
                "eu-west-1",
                CertificateKind.DEVICE,
                thing,
                CertificateStatus.ACTIVE,
                thing,
                null,
                NOW,
                NOW.plus(365, ChronoUnit.DAYS),
                "PEM",
                NOW,
                NOW,
                null,
                null,
                null,
                null);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void thingsAndCertificatesRoundTrip(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            db.useTransaction(h -> {
                new ThingDao(h)
                        .insert(new Thing("dev-001", "eu-west-1", "default", "sensor", Map.of("floor", "3"), NOW));
                new CertificateDao(h).insert(cert("0a", "dev-001"));
            });
            Thing thing = db.read(h -> new ThingDao(h).find("dev-001")).orElseThrow();
            assertThat(thing.attributes()).containsEntry("floor", "3");
            assertThat(thing.createdAt()).isEqualTo(NOW);
            CertificateRecord c = db.read(h -> new CertificateDao(h).find("0a")).orElseThrow();
            assertThat(c.thingName()).isEqualTo("dev-001");
            assertThat(c.revokedAt()).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void searchMatchesANamePrefixLiterallyAndPagesByName(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            db.useTransaction(h -> {
                ThingDao things = new ThingDao(h);
                for (String name : List.of("pump-1", "pump-2", "pump_3", "pumpx", "valve-1", "Pump-9", "zeta-1")) {
                    things.insert(new Thing(
                            name, "eu-west-1", "default", name.startsWith("valve") ? "valve" : "pump", Map.of(), NOW));
                }
            });
            assertThat(db.<List<Thing>>read(h -> new ThingDao(h).search(ThingFilter.prefix("pump-"), 10, null)))
                    .extracting(Thing::name)
                    .containsExactly("pump-1", "pump-2");
            assertThat(db.<List<Thing>>read(h -> new ThingDao(h).search(ThingFilter.prefix("pump_"), 10, null)))
                    .as("'_' is a character, not a wildcard")
                    .extracting(Thing::name)
                    .containsExactly("pump_3");
            assertThat(db.<List<Thing>>read(h -> new ThingDao(h).search(ThingFilter.prefix("Pump-"), 10, null)))
                    .as("the case counts, on SQLite too")
                    .extracting(Thing::name)
                    .containsExactly("Pump-9");
            assertThat(db.<List<Thing>>read(h -> new ThingDao(h).search(ThingFilter.prefix("zeta"), 10, "pump-1")))
                    .as("a prefix late in the order, with a page cursor before it")
                    .extracting(Thing::name)
                    .containsExactly("zeta-1");
            assertThat(db.<List<Thing>>read(
                            h -> new ThingDao(h).search(new ThingFilter("", "pump", null), 2, "pump-1")))
                    .extracting(Thing::name)
                    .containsExactly("pump-2", "pump_3");
            assertThat(db.<List<Thing>>read(
                            h -> new ThingDao(h).search(new ThingFilter(null, "valve", null), 10, null)))
                    .extracting(Thing::name)
                    .containsExactly("valve-1");
            db.useTransaction(h -> {
                ThingGroupDao groups = new ThingGroupDao(h);
                groups.create("plant-a", NOW);
                groups.create("warden-quarantine", NOW);
                groups.add("plant-a", "pump-1");
                groups.add("plant-a", "pump-2");
                groups.add("plant-a", "valve-1");
                groups.add("warden-quarantine", "pump-2");
                groups.add("warden-quarantine", "zeta-1");
            });
            assertThat(db.<List<Thing>>read(
                            h -> new ThingDao(h).search(new ThingFilter("", null, List.of("plant-a")), 10, null)))
                    .as("in a group")
                    .extracting(Thing::name)
                    .containsExactly("pump-1", "pump-2", "valve-1");
            assertThat(db.<List<Thing>>read(h -> new ThingDao(h)
                            .search(
                                    new ThingFilter("pump", "pump", List.of("plant-a", "warden-quarantine")),
                                    10,
                                    null)))
                    .as("in every group named, with the other filters")
                    .extracting(Thing::name)
                    .containsExactly("pump-2");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void duplicateThingIsRefusedAndTheTransactionLeavesNothing(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            db.useTransaction(
                    h -> new ThingDao(h).insert(new Thing("dev-1", "eu-west-1", "default", null, Map.of(), NOW)));
            assertThatThrownBy(() -> db.useTransaction(h -> {
                        new CertificateDao(h).insert(cert("0b", "dev-1"));
                        new ThingDao(h).insert(new Thing("dev-1", "eu-west-1", "default", null, Map.of(), NOW));
                    }))
                    .isInstanceOf(StorageException.class)
                    .extracting(e -> ((StorageException) e).reason())
                    .isEqualTo(StorageReason.ALREADY_EXISTS);
            // The certificate written before the failure was rolled back with it.
            assertThat(db.<java.util.Optional<CertificateRecord>>read(h -> new CertificateDao(h).find("0b")))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aServiceAccountCertificateNamesItsAccountAndIsRevokedLikeAnyOther(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            db.useTransaction(h -> {
                new ServiceAccountDao(h).create("dashboard", NOW);
                new CertificateDao(h)
                        .insert(new CertificateRecord(
                                "5a",
                                "fp-5a",
                                "eu-west-1",
                                CertificateKind.SERVICE,
                                "dashboard",
                                CertificateStatus.ACTIVE,
                                null,
                                null,
                                NOW,
                                NOW.plus(90, ChronoUnit.DAYS),
                                "PEM",
                                NOW,
                                NOW,
                                null,
                                null,
                                null,
                                null));
                new ServiceAccountDao(h).addCertificate("5a", "dashboard", NOW);
                new CertificateDao(h).insert(cert("5b", "dev-1"));
            });
            assertThat(db.<java.util.Optional<String>>read(h -> new ServiceAccountDao(h).accountOfCertificate("5a")))
                    .contains("dashboard");
            assertThat(db.<java.util.Optional<String>>read(h -> new ServiceAccountDao(h).accountOfCertificate("5b")))
                    .as("a device certificate")
                    .isEmpty();
            assertThat(db.<java.util.List<String>>read(h -> new ServiceAccountDao(h).certificateSerials("dashboard")))
                    .containsExactly("5a");
            assertThat(db.<java.util.Optional<CertificateRecord>>read(h -> new CertificateDao(h).find("5a"))
                            .orElseThrow()
                            .kind())
                    .isEqualTo(CertificateKind.SERVICE);
            // One certificate names one account: a second mapping of the same serial is refused.
            assertThatThrownBy(
                    () -> db.useTransaction(h -> new ServiceAccountDao(h).addCertificate("5a", "other", NOW)));
            assertThat(db.<Boolean>inTransaction(h -> new CertificateDao(h).revoke("5a", "keyCompromise", NOW)))
                    .isTrue();
            assertThat(db.<java.util.List<CertificateRecord>>read(h -> new CertificateDao(h).revoked("eu-west-1")))
                    .extracting(CertificateRecord::serial)
                    .containsExactly("5a");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void revokedIsTerminalAndSharingIsRefused(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            db.useTransaction(h -> {
                new CertificateDao(h).insert(cert("0c", "dev-a"));
            });
            assertThatThrownBy(() -> db.useTransaction(h -> new CertificateDao(h).attach("0c", "dev-b")))
                    .hasMessageContaining("DEVICE_CERTIFICATE_SHARED");
            assertThat(db.<Boolean>inTransaction(h -> new CertificateDao(h).revoke("0c", "keyCompromise", NOW)))
                    .isTrue();
            assertThat(db.<Boolean>inTransaction(h -> new CertificateDao(h).revoke("0c", "keyCompromise", NOW)))
                    .isFalse();
            assertThat(db.<Boolean>inTransaction(
                            h -> new CertificateDao(h).setStatus("0c", CertificateStatus.ACTIVE, NOW)))
                    .isFalse();
            CertificateRecord c = db.read(h -> new CertificateDao(h).find("0c")).orElseThrow();
            assertThat(c.status()).isEqualTo(CertificateStatus.REVOKED);
            assertThat(c.revocationReason()).isEqualTo("keyCompromise");
            assertThat(db.<java.util.List<CertificateRecord>>read(h -> new CertificateDao(h).revoked("eu-west-1")))
                    .extracting(CertificateRecord::serial)
                    .containsExactly("0c");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void singleUseClaimIsConsumedOnceAndCrlNumbersIncrease(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            db.useTransaction(h -> new ClaimDao(h)
                    .insert(new Claim(
                            "c1", Claim.Kind.TOKEN, "t", Claim.Status.ACTIVE, "hash", 1, 0, NOW.plusSeconds(60), NOW)));
            assertThat(db.<Boolean>inTransaction(h -> new ClaimDao(h).consumeUse("c1", NOW.toEpochMilli())))
                    .isTrue();
            assertThat(db.<Boolean>inTransaction(h -> new ClaimDao(h).consumeUse("c1", NOW.toEpochMilli())))
                    .isFalse();
            assertThat(db.<Long>inTransaction(h -> new CrlStateDao(h).nextNumber("eu-west-1", NOW)))
                    .isEqualTo(1L);
            assertThat(db.<Long>inTransaction(h -> new CrlStateDao(h).nextNumber("eu-west-1", NOW)))
                    .isEqualTo(2L);
        }
    }

    @org.junit.jupiter.api.Test
    void sqliteRunsInWalModeAndPasswordsNeverShowInTheLocation() {
        try (Database db = Database.open(null, dataDir)) {
            String mode = db.read(h ->
                    h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
            assertThat(mode).isEqualToIgnoringCase("wal");
        }
        DatabaseLocation pg = DatabaseLocation.parse("postgresql://u:s3cret@db.example:6543/w", dataDir);
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/w");
        assertThat(pg.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> DatabaseLocation.parse("mysql://x", dataDir)).isInstanceOf(StorageException.class);
    }
}

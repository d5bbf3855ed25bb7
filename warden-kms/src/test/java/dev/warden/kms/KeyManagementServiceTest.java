package dev.warden.kms;

import static dev.warden.kms.KmsFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.crypto.tink.Aead;
import dev.warden.storage.Database;
import dev.warden.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The KMS on real Tink, SQLite and PostgreSQL: every refusal is precise and nothing decrypts to garbage. */
@Tag("postgresql")
class KeyManagementServiceTest {
    private static final EncryptionContext THING_1 = EncryptionContext.of("thing:dev-001", "telemetry/1");
    private static final byte[] PLAINTEXT = "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8);

    private static int count(Database db, String sql) {
        return db.read(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    private static KmsReason reasonOf(ThrowingCallable call) {
        return catchThrowableOfType(KmsException.class, call).reason();
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void roundTripAndArnStyleIds(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), KmsEvents.NONE);
            KeyMetadata key = kms.createKey("acme", "things", "thing data at rest");
            assertThat(key.arn()).isEqualTo("arn:warden:kms:eu-west-1:acme:key/things");
            assertThat(key.state()).isEqualTo(KeyState.ENABLED);

            byte[] ciphertext = kms.encrypt("things", THING_1, PLAINTEXT);
            assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("21.5");
            assertThat(kms.decrypt(THING_1, ciphertext)).isEqualTo(PLAINTEXT);
            // By ARN as well as by name, and the same owner reuses its data key.
            byte[] second = kms.encrypt(key.arn(), EncryptionContext.of("thing:dev-001", "telemetry/2"), PLAINTEXT);
            assertThat(kms.decrypt(EncryptionContext.of("thing:dev-001", "telemetry/2"), second))
                    .isEqualTo(PLAINTEXT);
            assertThat(kms.listKeys()).extracting(KeyMetadata::name).containsExactly("things");

            assertThat(reasonOf(() -> kms.createKey("acme", "things", ""))).isEqualTo(KmsReason.ALREADY_EXISTS);
            assertThat(reasonOf(() -> kms.encrypt("nope", THING_1, PLAINTEXT))).isEqualTo(KmsReason.KEY_NOT_FOUND);
            assertThat(reasonOf(() -> kms.createKey("acme", "bad name!", ""))).isEqualTo(KmsReason.INVALID_ARGUMENT);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void tamperedOrMovedCiphertextNeverDecrypts(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), KmsEvents.NONE);
            kms.createKey("acme", "things", "");
            byte[] ciphertext = kms.encrypt("things", THING_1, PLAINTEXT);
            kms.encrypt("things", EncryptionContext.of("thing:dev-002", "telemetry/1"), PLAINTEXT);

            // GIVEN one bit flipped in the sealed part THEN authentication fails.
            byte[] flipped = ciphertext.clone();
            flipped[flipped.length - 1] ^= 0x01;
            assertThat(reasonOf(() -> kms.decrypt(THING_1, flipped))).isEqualTo(KmsReason.DECRYPTION_FAILED);
            assertThat(reasonOf(() -> kms.decrypt(THING_1, Arrays.copyOf(ciphertext, 20))))
                    .isEqualTo(KmsReason.DECRYPTION_FAILED);

            // GIVEN a ciphertext copied to another record or another owner THEN it is refused.
            assertThat(reasonOf(() -> kms.decrypt(EncryptionContext.of("thing:dev-001", "telemetry/9"), ciphertext)))
                    .isEqualTo(KmsReason.WRONG_CONTEXT);
            assertThat(reasonOf(() -> kms.decrypt(EncryptionContext.of("thing:dev-002", "telemetry/1"), ciphertext)))
                    .isEqualTo(KmsReason.WRONG_CONTEXT);

            // GIVEN the header rewritten to name the other owner THEN the other owner's data key cannot open it.
            byte[] body = Arrays.copyOfRange(
                    ciphertext, Envelope.parse(ciphertext, Envelope.Kind.DATA).header().length, ciphertext.length);
            EncryptionContext other = EncryptionContext.of("thing:dev-002", "telemetry/1");
            byte[] forged = Envelope.join(
                    Envelope.header(Envelope.Kind.DATA, REGION, "arn:warden:kms:eu-west-1:acme:key/things", other),
                    body);
            assertThat(reasonOf(() -> kms.decrypt(other, forged))).isEqualTo(KmsReason.DECRYPTION_FAILED);

            // Every single-bit change anywhere (header included) is refused with a reason, never plaintext.
            Set<KmsReason> allowed = EnumSet.of(
                    KmsReason.DECRYPTION_FAILED,
                    KmsReason.WRONG_CONTEXT,
                    KmsReason.WRONG_REGION,
                    KmsReason.KEY_NOT_FOUND);
            for (int i = 0; i < ciphertext.length; i++) {
                byte[] changed = ciphertext.clone();
                changed[i] ^= (byte) (1 << (i % 8));
                assertThat(reasonOf(() -> kms.decrypt(THING_1, changed)))
                        .as("byte %d", i)
                        .isIn(allowed);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void aNodeRefusesDataOfARegionItHoldsNoKeysFor(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            MutableClock clock = new MutableClock(KmsFixture.START);
            KeyManagementService us = KmsFixture.kms(db, KmsFixture.OTHER_REGION, clock, KmsEvents.NONE);
            KeyManagementService eu = KmsFixture.kms(db, REGION, clock, KmsEvents.NONE);
            us.createKey("acme", "things", "");
            eu.createKey("acme", "things", "");
            byte[] fromUs = us.encrypt("things", THING_1, PLAINTEXT);

            assertThat(reasonOf(() -> eu.decrypt(THING_1, fromUs))).isEqualTo(KmsReason.WRONG_REGION);
            assertThat(reasonOf(() -> eu.encrypt("arn:warden:kms:us-east-1:acme:key/things", THING_1, PLAINTEXT)))
                    .isEqualTo(KmsReason.WRONG_REGION);
            assertThat(us.decrypt(THING_1, fromUs)).isEqualTo(PLAINTEXT);
            // A node holding both regions routes by the ciphertext; one holding only eu-west-1 refuses it.
            assertThat(new KmsRegions(List.of(eu, us)).decrypt(THING_1, fromUs)).isEqualTo(PLAINTEXT);
            assertThat(reasonOf(() -> new KmsRegions(List.of(eu)).decrypt(THING_1, fromUs)))
                    .isEqualTo(KmsReason.WRONG_REGION);
            // A master key of another region cannot even be configured for this one.
            assertThat(reasonOf(() -> new KeyManagementService(db, KmsFixture.masterKey("us-east-1"), REGION, clock)))
                    .isEqualTo(KmsReason.INVALID_ARGUMENT);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void rotationKeepsOldCiphertextsReadableAndRewrapMovesDataKeysToTheNewVersion(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            MutableClock clock = new MutableClock(KmsFixture.START);
            KeyManagementService kms = KmsFixture.kms(db, REGION, clock, KmsEvents.NONE);
            kms.createKey("acme", "things", "");
            byte[] before = kms.encrypt("things", THING_1, PLAINTEXT);
            EncryptionContext thing2 = EncryptionContext.of("thing:dev-002", "r");
            byte[] before2 = kms.encrypt("things", thing2, PLAINTEXT);
            GeneratedDataKey generated = kms.generateDataKey("things", EncryptionContext.of("bucket:logs", "obj-1"));

            clock.advance(Duration.ofDays(90));
            KeyMetadata rotated = kms.rotateKey("things");
            assertThat(rotated.primaryVersion()).isEqualTo(2);
            assertThat(rotated.versions()).isEqualTo(2);
            assertThat(rotated.rotatedAt()).isEqualTo(clock.instant());

            // Old ciphertexts and wrapped keys still decrypt; a new owner's data key is wrapped by version 2.
            assertThat(kms.decrypt(THING_1, before)).isEqualTo(PLAINTEXT);
            assertThat(kms.decryptDataKey(EncryptionContext.of("bucket:logs", "obj-1"), generated.wrapped()))
                    .isNotNull();
            kms.encrypt("things", EncryptionContext.of("thing:dev-003", "r"), PLAINTEXT);
            assertThat(kekVersions(db)).containsEntry("thing:dev-001", 1).containsEntry("thing:dev-003", 2);

            // The background job re-wraps the two data keys still under version 1, once.
            assertThat(kms.rewrapDataKeys("things")).isEqualTo(2);
            assertThat(kms.rewrapDataKeys("things")).isZero();
            assertThat(kekVersions(db).values()).containsOnly(2);
            assertThat(kms.decrypt(THING_1, before)).isEqualTo(PLAINTEXT);
            assertThat(kms.decrypt(thing2, before2)).isEqualTo(PLAINTEXT);

            // A third version: everything still readable, reEncrypt moves a ciphertext to another key.
            kms.rotateKey("things");
            kms.createKey("acme", "archive", "");
            byte[] moved =
                    kms.reEncrypt(THING_1, before, "archive", EncryptionContext.of("thing:dev-001", "archived/1"));
            assertThat(kms.decrypt(EncryptionContext.of("thing:dev-001", "archived/1"), moved))
                    .isEqualTo(PLAINTEXT);
            assertThat(kms.describeKey("things").versions()).isEqualTo(3);
        }
    }

    private static Map<String, Integer> kekVersions(Database db) {
        Map<String, Integer> versions = new TreeMap<>();
        db.read(h -> h.createQuery("SELECT owner, kek_version FROM kms_data_keys")
                .map((rs, ctx) -> versions.put(rs.getString(1), rs.getInt(2)))
                .list());
        return versions;
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void pendingDeletionRefusesBothDirectionsUntilCancelledAndThenTheKeyIsGone(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            MutableClock clock = new MutableClock(KmsFixture.START);
            KeyManagementService kms = KmsFixture.kms(db, REGION, clock, KmsEvents.NONE);
            kms.createKey("acme", "things", "");
            byte[] ciphertext = kms.encrypt("things", THING_1, PLAINTEXT);

            assertThat(reasonOf(() -> kms.scheduleKeyDeletion("things", 6))).isEqualTo(KmsReason.INVALID_ARGUMENT);
            assertThat(reasonOf(() -> kms.scheduleKeyDeletion("things", 31))).isEqualTo(KmsReason.INVALID_ARGUMENT);
            assertThat(reasonOf(() -> kms.cancelKeyDeletion("things"))).isEqualTo(KmsReason.INVALID_STATE);

            KeyMetadata pending = kms.scheduleKeyDeletion("things", 7);
            assertThat(pending.state()).isEqualTo(KeyState.PENDING_DELETION);
            assertThat(pending.deletionAt()).isEqualTo(KmsFixture.START.plus(Duration.ofDays(7)));
            assertThat(reasonOf(() -> kms.encrypt("things", THING_1, PLAINTEXT)))
                    .isEqualTo(KmsReason.KEY_PENDING_DELETION);
            assertThat(reasonOf(() -> kms.decrypt(THING_1, ciphertext))).isEqualTo(KmsReason.KEY_PENDING_DELETION);
            assertThat(reasonOf(() -> kms.rotateKey("things"))).isEqualTo(KmsReason.KEY_PENDING_DELETION);

            assertThat(kms.cancelKeyDeletion("things").state()).isEqualTo(KeyState.ENABLED);
            assertThat(kms.decrypt(THING_1, ciphertext)).isEqualTo(PLAINTEXT);

            kms.scheduleKeyDeletion("things", 30);
            clock.advance(Duration.ofDays(29));
            assertThat(kms.purgeDueDeletions()).isEmpty();
            clock.advance(Duration.ofDays(1));
            // From the deletion date on the key is refused, before and after the purge job wiped its keyset.
            assertThat(reasonOf(() -> kms.decrypt(THING_1, ciphertext))).isEqualTo(KmsReason.KEY_DELETED);
            assertThat(reasonOf(() -> kms.cancelKeyDeletion("things"))).isEqualTo(KmsReason.KEY_DELETED);
            assertThat(kms.purgeDueDeletions()).containsExactly("arn:warden:kms:eu-west-1:acme:key/things");
            assertThat(kms.describeKey("things").state()).isEqualTo(KeyState.DELETED);
            assertThat(reasonOf(() -> kms.decrypt(THING_1, ciphertext))).isEqualTo(KmsReason.KEY_DELETED);
            assertThat(reasonOf(() -> kms.encrypt("things", THING_1, PLAINTEXT)))
                    .isEqualTo(KmsReason.KEY_DELETED);
            assertThat(count(db, "SELECT COUNT(*) FROM kms_keys WHERE encrypted_keyset IS NOT NULL"))
                    .isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void cryptoShreddingMakesEveryRecordOfTheOwnerUnreadable(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), KmsEvents.NONE);
            kms.createKey("acme", "things", "");
            kms.createKey("acme", "buckets", "");
            byte[] a = kms.encrypt("things", THING_1, PLAINTEXT);
            EncryptionContext second = EncryptionContext.of("thing:dev-001", "telemetry/2");
            byte[] b = kms.encrypt("buckets", second, PLAINTEXT);
            EncryptionContext neighbour = EncryptionContext.of("thing:dev-002", "telemetry/1");
            byte[] c = kms.encrypt("things", neighbour, PLAINTEXT);
            GeneratedDataKey generated = kms.generateDataKey("things", THING_1);

            kms.destroyDataKey("thing:dev-001");

            assertThat(reasonOf(() -> kms.decrypt(THING_1, a))).isEqualTo(KmsReason.KEY_DESTROYED);
            assertThat(reasonOf(() -> kms.decrypt(second, b))).isEqualTo(KmsReason.KEY_DESTROYED);
            assertThat(reasonOf(() -> kms.decryptDataKey(THING_1, generated.wrapped())))
                    .isEqualTo(KmsReason.KEY_DESTROYED);
            assertThat(reasonOf(() -> kms.encrypt("things", THING_1, PLAINTEXT)))
                    .isEqualTo(KmsReason.KEY_DESTROYED);
            assertThat(kms.decrypt(neighbour, c)).isEqualTo(PLAINTEXT);
            assertThat(count(db, "SELECT COUNT(*) FROM kms_data_keys WHERE owner = 'thing:dev-001'"))
                    .isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void generatedDataKeysWorkForCallerSideEnvelopes(String backend, @TempDir Path dir) throws Exception {
        try (Database db = KmsFixture.open(backend, dir)) {
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), KmsEvents.NONE);
            kms.createKey("acme", "buckets", "");
            EncryptionContext object = EncryptionContext.of("bucket:logs", "2026/11/29/a.gz");
            GeneratedDataKey key = kms.generateDataKey("buckets", object);
            byte[] blob = key.aead().encrypt(PLAINTEXT, object.recordId().getBytes(StandardCharsets.UTF_8));
            assertThat(key.toString()).doesNotContain(Base64Text.encode(key.wrapped()));

            Aead unwrapped = kms.decryptDataKey(object, key.wrapped());
            assertThat(unwrapped.decrypt(blob, object.recordId().getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(PLAINTEXT);
            assertThat(reasonOf(() ->
                            kms.decryptDataKey(EncryptionContext.of("bucket:other", "2026/11/29/a.gz"), key.wrapped())))
                    .isEqualTo(KmsReason.WRONG_CONTEXT);
            byte[] flipped = key.wrapped();
            flipped[flipped.length - 3] ^= 0x40;
            assertThat(reasonOf(() -> kms.decryptDataKey(object, flipped))).isEqualTo(KmsReason.DECRYPTION_FAILED);
            assertThat(reasonOf(() -> kms.decrypt(object, key.wrapped()))).isEqualTo(KmsReason.DECRYPTION_FAILED);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void everyOperationIsReportedWithoutPlaintextOrKeyMaterial(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            KmsFixture.RecordedEvents events = new KmsFixture.RecordedEvents();
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), events);
            kms.createKey("acme", "things", "");
            byte[] marker = "EVENT-MARKER-7f3a".getBytes(StandardCharsets.UTF_8);
            byte[] ciphertext = kms.encrypt("things", THING_1, marker);
            kms.decrypt(THING_1, ciphertext);
            assertThatThrownBy(() -> kms.decrypt(EncryptionContext.of("thing:x", "r"), ciphertext))
                    .isInstanceOf(KmsException.class);

            assertThat(events.snapshot())
                    .extracting(KmsEvent::operation)
                    .containsExactly("kms:CreateKey", "kms:Encrypt", "kms:Decrypt", "kms:Decrypt");
            KmsEvent encrypt = events.snapshot().get(1);
            assertThat(encrypt.keyArn()).isEqualTo("arn:warden:kms:eu-west-1:acme:key/things");
            assertThat(encrypt.subject()).isEqualTo("thing:dev-001");
            assertThat(encrypt.succeeded()).isTrue();
            assertThat(events.snapshot().get(3).failure()).isEqualTo(KmsReason.WRONG_CONTEXT);
            assertThat(events.snapshot().toString())
                    .doesNotContain("EVENT-MARKER")
                    .doesNotContain("primaryKeyId");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void concurrentFirstUsesOfAnOwnerShareOneDataKey(String backend, @TempDir Path dir) throws Exception {
        try (Database db = KmsFixture.open(backend, dir)) {
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), KmsEvents.NONE);
            kms.createKey("acme", "things", "");
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<byte[]>> results = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    EncryptionContext context = EncryptionContext.of("thing:busy", "r" + i);
                    results.add(pool.submit(() -> kms.encrypt("things", context, PLAINTEXT)));
                }
                for (int i = 0; i < results.size(); i++) {
                    assertThat(kms.decrypt(
                                    EncryptionContext.of("thing:busy", "r" + i),
                                    results.get(i).get()))
                            .isEqualTo(PLAINTEXT);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(count(db, "SELECT COUNT(*) FROM kms_data_keys WHERE owner = 'thing:busy'"))
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void keyMaterialCopiedBetweenRowsInTheDatabaseDoesNotOpen(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), KmsEvents.NONE);
            kms.createKey("acme", "a", "");
            kms.createKey("acme", "b", "");
            EncryptionContext other = EncryptionContext.of("thing:dev-002", "r");
            byte[] mine = kms.encrypt("a", THING_1, PLAINTEXT);
            kms.encrypt("a", other, PLAINTEXT);

            // GIVEN someone with database access copies dev-002's wrapped data key over dev-001's THEN it fails.
            db.useTransaction(h -> h.execute("UPDATE kms_data_keys SET wrapped_key = (SELECT wrapped_key FROM "
                    + "kms_data_keys WHERE owner = 'thing:dev-002') WHERE owner = 'thing:dev-001'"));
            assertThat(reasonOf(() -> kms.decrypt(THING_1, mine))).isEqualTo(KmsReason.DECRYPTION_FAILED);

            // GIVEN key a's encrypted keyset copied into key b's row THEN key b no longer opens at all.
            db.useTransaction(h -> h.execute("UPDATE kms_keys SET encrypted_keyset = (SELECT encrypted_keyset FROM "
                    + "kms_keys WHERE name = 'a') WHERE name = 'b'"));
            assertThat(reasonOf(() -> kms.encrypt("b", THING_1, PLAINTEXT))).isEqualTo(KmsReason.DECRYPTION_FAILED);
        }
    }
}

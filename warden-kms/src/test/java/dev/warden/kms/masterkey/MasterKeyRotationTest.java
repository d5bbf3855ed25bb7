package dev.warden.kms.masterkey;

import static dev.warden.kms.KmsFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.kms.EncryptionContext;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsFixture;
import dev.warden.kms.KmsReason;
import dev.warden.kms.MasterKey;
import dev.warden.kms.SecretValue;
import dev.warden.kms.SecretsManager;
import dev.warden.storage.Database;
import dev.warden.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Master-key rotation: every keyset moves to the new master key in one transaction; ciphertexts and secrets made
 * before still decrypt under the new key and no longer under the old; a failure part-way changes nothing; an
 * interrupted rotation resumes.
 */
@Tag("postgresql")
class MasterKeyRotationTest {
    @TempDir
    Path dir;

    private MasterKey newMasterKey(String file) {
        return MasterKeyFile.create(
                dir.resolve(file), REGION, "another long passphrase".toCharArray(), KmsFixture.FAST_KDF);
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void everyKeysetMovesToTheNewMasterKeyAndDataStillDecrypts(String backend) {
        try (Database db = KmsFixture.open(backend, dir.resolve("data"))) {
            MasterKey old = KmsFixture.masterKey(REGION);
            KeyManagementService before = new KeyManagementService(db, old, REGION, new MutableClock(KmsFixture.START));
            before.createKey("acct", "default", "");
            before.createKey("acct", "second", "");
            before.rotateKey("second");
            EncryptionContext ctx = EncryptionContext.of("thing/a", "r1");
            byte[] ciphertext = before.encrypt("second", ctx, "payload".getBytes(StandardCharsets.UTF_8));
            new SecretsManager(db, before, "default").put("db-password", SecretValue.of("s3cret-value"));

            MasterKey next = newMasterKey("next.key");
            MasterKeyRotation.Result result = MasterKeyRotation.rotate(db, old, next);
            assertThat(result.rewrapped()).isEqualTo(2);
            assertThat(result.toKeyId()).isEqualTo(next.keyId());

            // THEN the new master key opens everything made before
            KeyManagementService after = new KeyManagementService(db, next, REGION, new MutableClock(KmsFixture.START));
            assertThat(after.decrypt(ctx, ciphertext)).isEqualTo("payload".getBytes(StandardCharsets.UTF_8));
            assertThat(new SecretsManager(db, after, "default")
                            .get("db-password")
                            .value()
                            .asString())
                    .isEqualTo("s3cret-value");
            // AND the old one opens nothing any more
            assertThatThrownBy(() -> before.decrypt(ctx, ciphertext))
                    .isInstanceOfSatisfying(
                            KmsException.class,
                            e -> assertThat(e.reason()).isEqualTo(KmsReason.MASTER_KEY_UNAVAILABLE));

            // AND re-running (an interrupted rotation resumed) changes nothing and still succeeds
            MasterKeyRotation.Result again = MasterKeyRotation.rotate(db, old, next);
            assertThat(again.rewrapped()).isZero();
            assertThat(again.alreadyRotated()).isEqualTo(2);
            // AND a third master key is refused: the keysets are not under the "current" one given
            assertThatThrownBy(
                            () -> MasterKeyRotation.rotate(db, newMasterKey("third.key"), newMasterKey("fourth.key")))
                    .isInstanceOfSatisfying(
                            KmsException.class,
                            e -> assertThat(e.reason()).isEqualTo(KmsReason.MASTER_KEY_UNAVAILABLE));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void aFailurePartWayChangesNothing(String backend) {
        try (Database db = KmsFixture.open(backend, dir.resolve("data"))) {
            MasterKey old = KmsFixture.masterKey(REGION);
            KeyManagementService kms = new KeyManagementService(db, old, REGION, new MutableClock(KmsFixture.START));
            kms.createKey("acct", "a-first", "");
            kms.createKey("acct", "z-last", "");
            EncryptionContext ctx = EncryptionContext.of("thing/a", "r1");
            byte[] ciphertext = kms.encrypt("a-first", ctx, new byte[] {1, 2, 3});
            // GIVEN the last keyset (in rotation order) is corrupted, so the rotation fails after moving the first
            String arn = kms.describeKey("z-last").arn();
            String stored = db.read(h -> h.createQuery("SELECT encrypted_keyset FROM kms_keys WHERE arn = :arn")
                    .bind("arn", arn)
                    .mapTo(String.class)
                    .one());
            db.useTransaction(h -> h.createUpdate("UPDATE kms_keys SET encrypted_keyset = :k WHERE arn = :arn")
                    .bind("k", "AAAA" + stored.substring(4))
                    .bind("arn", arn)
                    .execute());

            assertThatThrownBy(() -> MasterKeyRotation.rotate(db, old, newMasterKey("next.key")))
                    .isInstanceOfSatisfying(
                            KmsException.class, e -> assertThat(e.reason()).isEqualTo(KmsReason.DECRYPTION_FAILED));
            // THEN the first keyset is still under the old master key: the transaction rolled back
            assertThat(kms.decrypt(ctx, ciphertext)).containsExactly(1, 2, 3);
            int masterKeys = db.read(h -> h.createQuery("SELECT COUNT(DISTINCT master_key_id) FROM kms_keys")
                    .mapTo(Integer.class)
                    .one());
            assertThat(masterKeys).isEqualTo(1);
        }
    }
}

package dev.warden.kms;

import static dev.warden.kms.KmsFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.signature.EcdsaPrivateKey;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.kms.masterkey.MasterKeyRotation;
import dev.warden.kms.store.KeyDao;
import dev.warden.kms.store.KeyRow;
import dev.warden.storage.Database;
import dev.warden.testkit.MutableClock;
import dev.warden.testkit.PostgresFixture;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ECDSA P-256 signing keys, checked against a verifier Warden did not write (the JDK's {@code SHA256withECDSA} over
 * the SPKI bytes): signatures verify, survive a restart and a master-key rotation, the key refuses what its usage or
 * state forbids, and its private key is in nothing the service returns or reports.
 */
@Tag("postgresql")
class SigningKeyTest {
    private static final byte[] MESSAGE =
            "{\"signed\":{\"_type\":\"root\",\"version\":1}}".getBytes(StandardCharsets.UTF_8);

    private static KmsReason reasonOf(ThrowingCallable call) {
        return catchThrowableOfType(KmsException.class, call).reason();
    }

    /** The JDK alone: SPKI DER to a public key, then SHA256withECDSA over the DER signature. */
    static boolean jdkVerifies(byte[] spki, byte[] message, byte[] signature) throws Exception {
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void signaturesVerifyWithTheJdkAndTheKms(String backend, @TempDir Path dir) throws Exception {
        try (Database db = KmsFixture.open(backend, dir)) {
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), KmsEvents.NONE);
            KeyMetadata created = kms.createKey("acme", "tuf-root", "TUF root role", KeySpec.ECC_NIST_P256);
            assertThat(created.keySpec()).isEqualTo(KeySpec.ECC_NIST_P256);
            assertThat(created.keyUsage()).isEqualTo(KeyUsage.SIGN_VERIFY);
            assertThat(kms.createKey("acme", "data", "").keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
            assertThat(kms.describeKey("data").keyUsage()).isEqualTo(KeyUsage.ENCRYPT_DECRYPT);
            assertThat(kms.listKeys())
                    .extracting(KeyMetadata::name, KeyMetadata::keySpec)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("data", KeySpec.SYMMETRIC_DEFAULT),
                            org.assertj.core.groups.Tuple.tuple("tuf-root", KeySpec.ECC_NIST_P256));

            KmsPublicKey publicKey = kms.publicKey("tuf-root");
            assertThat(publicKey.keyArn()).isEqualTo("arn:warden:kms:eu-west-1:acme:key/tuf-root");
            assertThat(publicKey.signingAlgorithm()).isEqualTo("ECDSA_SHA_256");
            assertThat(publicKey.toPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(publicKey.pem())
                    .startsWith("-----BEGIN PUBLIC KEY-----\n")
                    .endsWith("-----END PUBLIC KEY-----\n");
            byte[] signature = kms.sign("tuf-root", MESSAGE);

            assertThat(jdkVerifies(publicKey.spki(), MESSAGE, signature)).isTrue();
            kms.verify("tuf-root", MESSAGE, signature);
            kms.verify(created.arn(), MESSAGE, signature);
            // ECDSA is randomized: a second signature differs and verifies too.
            byte[] again = kms.sign(created.arn(), MESSAGE);
            assertThat(again).isNotEqualTo(signature);
            assertThat(jdkVerifies(publicKey.spki(), MESSAGE, again)).isTrue();

            byte[] altered = Arrays.copyOf(MESSAGE, MESSAGE.length);
            altered[3] ^= 0x01;
            assertThat(jdkVerifies(publicKey.spki(), altered, signature)).isFalse();
            assertThat(reasonOf(() -> kms.verify("tuf-root", altered, signature)))
                    .isEqualTo(KmsReason.INVALID_SIGNATURE);
            assertThat(reasonOf(() -> kms.verify("tuf-root", MESSAGE, Arrays.copyOf(signature, 10))))
                    .isEqualTo(KmsReason.INVALID_SIGNATURE);
            // A signature by another signing key is not one of this key's.
            kms.createKey("acme", "tuf-targets", "", KeySpec.ECC_NIST_P256);
            byte[] other = kms.sign("tuf-targets", MESSAGE);
            assertThat(reasonOf(() -> kms.verify("tuf-root", MESSAGE, other))).isEqualTo(KmsReason.INVALID_SIGNATURE);
            assertThat(jdkVerifies(publicKey.spki(), MESSAGE, other)).isFalse();

            // The adapter later code holds: the same key, by ARN, signing through the KMS.
            KmsSigningKey signer = KmsSigningKey.open(kms, "tuf-root");
            assertThat(signer.keyArn()).isEqualTo(created.arn());
            assertThat(signer.publicKey()).isEqualTo(publicKey);
            assertThat(jdkVerifies(signer.publicKey().spki(), MESSAGE, signer.sign(MESSAGE)))
                    .isTrue();
            assertThat(reasonOf(() -> KmsSigningKey.open(kms, "data"))).isEqualTo(KmsReason.INVALID_KEY_USAGE);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void aSignatureSurvivesARestartAndAMasterKeyRotation(String backend, @TempDir Path dir) throws Exception {
        String url = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        String passphrase = "a passphrase for this test"; // a fresh char[] each time: the key file zeroes it
        Path masterKeyFile = dir.resolve("master.key");
        MasterKeyFile.create(masterKeyFile, REGION, passphrase.toCharArray(), KmsFixture.FAST_KDF);
        byte[] signature;
        KmsPublicKey before;
        try (Database db = Database.open(url, dir.resolve("data"))) {
            KeyManagementService kms = new KeyManagementService(
                    db, MasterKeyFile.open(masterKeyFile, passphrase.toCharArray()), REGION, clock());
            kms.createKey("acme", "firmware", "", KeySpec.ECC_NIST_P256);
            signature = kms.sign("firmware", MESSAGE);
            before = kms.publicKey("firmware");
        }

        // GIVEN a new process: the database and the master key file opened again
        try (Database db = Database.open(url, dir.resolve("data"))) {
            MasterKey reopened = MasterKeyFile.open(masterKeyFile, passphrase.toCharArray());
            KeyManagementService kms = new KeyManagementService(db, reopened, REGION, clock());
            kms.requireMasterKeyOpensHierarchy();
            // THEN the key is the same key: same public key, old signature verifies, new ones verify under the old key
            assertThat(kms.publicKey("firmware")).isEqualTo(before);
            kms.verify("firmware", MESSAGE, signature);
            assertThat(jdkVerifies(before.spki(), MESSAGE, kms.sign("firmware", MESSAGE)))
                    .isTrue();

            // AND after a master-key rotation the signing key moved with the others, unchanged
            MasterKey next = MasterKeyFile.create(
                    dir.resolve("next.key"), REGION, "the next passphrase".toCharArray(), KmsFixture.FAST_KDF);
            assertThat(MasterKeyRotation.rotate(db, reopened, next).rewrapped()).isEqualTo(1);
            KeyManagementService rotated = new KeyManagementService(db, next, REGION, clock());
            assertThat(rotated.publicKey("firmware")).isEqualTo(before);
            assertThat(jdkVerifies(before.spki(), MESSAGE, rotated.sign("firmware", MESSAGE)))
                    .isTrue();
            assertThat(reasonOf(() -> kms.sign("firmware", MESSAGE))).isEqualTo(KmsReason.MASTER_KEY_UNAVAILABLE);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void eachKeyIsRefusedForTheOtherUsageAndInStatesThatForbidUse(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            MutableClock clock = clock();
            KmsFixture.RecordedEvents events = new KmsFixture.RecordedEvents();
            KeyManagementService kms = KmsFixture.kms(db, REGION, clock, events);
            kms.createKey("acme", "data", "");
            kms.createKey("acme", "signer", "", KeySpec.ECC_NIST_P256);
            EncryptionContext context = EncryptionContext.of("thing:a", "r-1");
            byte[] signature = kms.sign("signer", MESSAGE);

            // A symmetric key neither signs, verifies nor has a public key
            assertThat(reasonOf(() -> kms.sign("data", MESSAGE))).isEqualTo(KmsReason.INVALID_KEY_USAGE);
            assertThat(reasonOf(() -> kms.verify("data", MESSAGE, signature))).isEqualTo(KmsReason.INVALID_KEY_USAGE);
            assertThat(reasonOf(() -> kms.publicKey("data"))).isEqualTo(KmsReason.INVALID_KEY_USAGE);
            // A signing key does nothing of envelope encryption
            assertThat(reasonOf(() -> kms.encrypt("signer", context, MESSAGE))).isEqualTo(KmsReason.INVALID_KEY_USAGE);
            assertThat(reasonOf(() -> kms.generateDataKey("signer", context))).isEqualTo(KmsReason.INVALID_KEY_USAGE);
            byte[] ciphertext = kms.encrypt("data", context, MESSAGE);
            assertThat(reasonOf(() -> kms.reEncrypt(context, ciphertext, "signer", context)))
                    .isEqualTo(KmsReason.INVALID_KEY_USAGE);
            assertThat(reasonOf(() -> kms.rewrapDataKeys("signer"))).isEqualTo(KmsReason.INVALID_KEY_USAGE);
            // Asymmetric keys are never rotated, and the key is unchanged by the attempt
            assertThat(reasonOf(() -> kms.rotateKey("signer"))).isEqualTo(KmsReason.UNSUPPORTED_OPERATION);
            assertThat(kms.describeKey("signer").versions()).isEqualTo(1);
            kms.verify("signer", MESSAGE, signature);
            assertThat(reasonOf(() -> kms.createKey("acme", "x", "", KeySpec.parse("RSA_2048"))))
                    .isEqualTo(KmsReason.INVALID_ARGUMENT);

            // Pending deletion: no signing, verifying or public key until cancelled
            kms.scheduleKeyDeletion("signer", 7);
            for (ThrowingCallable use : List.<ThrowingCallable>of(
                    () -> kms.sign("signer", MESSAGE),
                    () -> kms.verify("signer", MESSAGE, signature),
                    () -> kms.publicKey("signer"))) {
                assertThat(reasonOf(use)).isEqualTo(KmsReason.KEY_PENDING_DELETION);
            }
            kms.cancelKeyDeletion("signer");
            kms.verify("signer", MESSAGE, kms.sign("signer", MESSAGE));

            // Past the deletion date, and after the purge: deleted for good
            kms.scheduleKeyDeletion("signer", 7);
            clock.advance(Duration.ofDays(7));
            assertThat(reasonOf(() -> kms.sign("signer", MESSAGE))).isEqualTo(KmsReason.KEY_DELETED);
            assertThat(kms.purgeDueDeletions()).containsExactly("arn:warden:kms:eu-west-1:acme:key/signer");
            assertThat(reasonOf(() -> kms.publicKey("signer"))).isEqualTo(KmsReason.KEY_DELETED);

            // Every operation, refused or not, was reported with its key and reason
            List<KmsEvent> recorded = events.snapshot();
            assertThat(recorded)
                    .filteredOn(e -> e.operation().equals("kms:Sign") && e.failure() == null)
                    .hasSize(2)
                    .allSatisfy(e -> assertThat(e.keyArn()).isEqualTo("arn:warden:kms:eu-west-1:acme:key/signer"));
            assertThat(recorded)
                    .extracting(KmsEvent::operation, KmsEvent::failure)
                    .contains(
                            org.assertj.core.groups.Tuple.tuple("kms:Sign", KmsReason.INVALID_KEY_USAGE),
                            org.assertj.core.groups.Tuple.tuple("kms:Verify", KmsReason.INVALID_KEY_USAGE),
                            org.assertj.core.groups.Tuple.tuple("kms:GetPublicKey", KmsReason.INVALID_KEY_USAGE),
                            org.assertj.core.groups.Tuple.tuple("kms:Encrypt", KmsReason.INVALID_KEY_USAGE),
                            org.assertj.core.groups.Tuple.tuple("kms:GenerateDataKey", KmsReason.INVALID_KEY_USAGE),
                            org.assertj.core.groups.Tuple.tuple("kms:RotateKey", KmsReason.UNSUPPORTED_OPERATION),
                            org.assertj.core.groups.Tuple.tuple("kms:Sign", KmsReason.KEY_PENDING_DELETION),
                            org.assertj.core.groups.Tuple.tuple("kms:Verify", KmsReason.KEY_PENDING_DELETION),
                            org.assertj.core.groups.Tuple.tuple("kms:GetPublicKey", KmsReason.KEY_PENDING_DELETION),
                            org.assertj.core.groups.Tuple.tuple("kms:Verify", null),
                            org.assertj.core.groups.Tuple.tuple("kms:Sign", KmsReason.KEY_DELETED),
                            org.assertj.core.groups.Tuple.tuple("kms:GetPublicKey", KmsReason.KEY_DELETED));
            assertThat(recorded.toString())
                    .doesNotContain(Base64.getEncoder().encodeToString(signature))
                    .doesNotContain(HexFormat.of().formatHex(signature));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void thePrivateKeyIsInNothingReturnedReportedOrStoredInTheClear(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            KmsFixture.RecordedEvents events = new KmsFixture.RecordedEvents();
            KeyManagementService kms = KmsFixture.kms(db, REGION, clock(), events);
            KeyMetadata created = kms.createKey("acme", "signer", "", KeySpec.ECC_NIST_P256);
            byte[] signature = kms.sign("signer", MESSAGE);
            kms.verify("signer", MESSAGE, signature);
            KmsPublicKey publicKey = kms.publicKey("signer");
            KmsSigningKey signer = KmsSigningKey.open(kms, "signer");

            KeyRow row = db.read(h -> new KeyDao(h).findByArn(created.arn())).orElseThrow();
            BigInteger d = privateScalar(row);
            byte[] scalar = fixed32(d);
            String hex = HexFormat.of().formatHex(scalar);
            List<String> forms = List.of(
                    hex,
                    hex.toUpperCase(java.util.Locale.ROOT),
                    Base64.getEncoder().encodeToString(scalar),
                    d.toString());

            String returned = String.join(
                    "|",
                    created.toString(),
                    kms.describeKey("signer").toString(),
                    kms.listKeys().toString(),
                    publicKey.toString(),
                    publicKey.pem(),
                    HexFormat.of().formatHex(publicKey.spki()),
                    signer.toString(),
                    row.toString(),
                    events.snapshot().toString());
            assertThat(forms).allSatisfy(form -> assertThat(returned).doesNotContain(form));
            // The stored keyset is the master key's ciphertext: the scalar is not in its bytes
            assertThat(indexOf(Base64.getDecoder().decode(row.encryptedKeyset()), scalar))
                    .isEqualTo(-1);
        }
    }

    /** Opens the stored keyset the way the service does, only to learn what must never appear elsewhere. */
    private static BigInteger privateScalar(KeyRow row) {
        KeyHierarchy hierarchy = new KeyHierarchy(null, KmsFixture.masterKey(REGION), REGION, clock());
        EcdsaPrivateKey key =
                (EcdsaPrivateKey) hierarchy.kekKeyset(row).getPrimary().getKey();
        return key.getPrivateValue().getBigInteger(InsecureSecretKeyAccess.get());
    }

    private static byte[] fixed32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static MutableClock clock() {
        return new MutableClock(KmsFixture.START);
    }
}

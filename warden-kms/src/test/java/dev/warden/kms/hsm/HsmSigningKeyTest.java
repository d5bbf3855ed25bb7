package dev.warden.kms.hsm;

import static dev.warden.kms.KmsFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KeyMetadata;
import dev.warden.kms.KeyOrigin;
import dev.warden.kms.KeySpec;
import dev.warden.kms.KmsEvent;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsFixture;
import dev.warden.kms.KmsReason;
import dev.warden.kms.store.KeyDao;
import dev.warden.kms.store.KeyRow;
import dev.warden.pki.Pkcs11KeySource;
import dev.warden.storage.Database;
import dev.warden.testkit.MutableClock;
import dev.warden.testkit.Processes;
import dev.warden.testkit.SoftHsm2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KMS signing keys of origin HSM in SoftHSM2 (the JVM's token): generated in the token, never extractable, signing
 * there, verified by the JDK and openssl against the public key the KMS stored, and destroyed in the token when their
 * deletion falls due.
 */
@Tag("softhsm")
class HsmSigningKeyTest {
    private static final byte[] MESSAGE = "{\"signed\":{\"_type\":\"targets\"}}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final List<KmsEvent> events = new ArrayList<>();
    private final MutableClock clock = new MutableClock(KmsFixture.START);
    private Pkcs11KeySource token;
    private Database db;
    private KeyManagementService kms;

    @BeforeEach
    void openToken() {
        token = Pkcs11KeySource.open(SoftHsm2.jvmToken().uri());
        db = Database.open(null, dir.resolve("data"));
        kms = new KeyManagementService(
                db,
                KmsFixture.masterKey(REGION),
                REGION,
                clock,
                e -> {
                    synchronized (events) {
                        events.add(e);
                    }
                },
                new Pkcs11HsmKeyStore(token));
    }

    @AfterEach
    void close() {
        db.close();
        token.close();
    }

    @Test
    void anHsmKeyIsGeneratedInTheTokenAsASensitiveUnextractableObjectAndOnlyItsPublicKeyIsStored() {
        KeyMetadata created = kms.createKey("acme", "tuf-root", "", KeySpec.ECC_NIST_P256, KeyOrigin.HSM);

        assertThat(created.origin()).isEqualTo(KeyOrigin.HSM);
        assertThat(kms.describeKey("tuf-root").origin()).isEqualTo(KeyOrigin.HSM);
        assertThat(kms.listKeys()).extracting(KeyMetadata::origin).containsExactly(KeyOrigin.HSM);
        KeyRow row = row("tuf-root");
        assertThat(row.encryptedKeyset()).as("no keyset, not even wrapped").isNull();
        assertThat(row.hsmKeyLabel()).startsWith("warden-kms-" + REGION + "-tuf-root-");
        assertThat(row.publicKey()).isNotBlank();

        PrivateKey inToken = token.loadPrivateKey(row.hsmKeyLabel());
        assertThat(inToken.getEncoded())
                .as("the token never hands out the private key")
                .isNull();
        // SunPKCS11 describes the object's CKA_TOKEN, CKA_SENSITIVE and CKA_EXTRACTABLE as it read them from the token.
        assertThat(inToken.toString())
                .contains("token object")
                .contains("sensitive")
                .contains("unextractable");
        assertThat(kms.publicKey("tuf-root").spki())
                .isEqualTo(
                        token.loadCertificate(row.hsmKeyLabel()).getPublicKey().getEncoded());
    }

    @Test
    void signaturesMadeInTheTokenVerifyWithTheStoredPublicKeyInTheJdkOpensslAndTheKms() throws Exception {
        kms.createKey("acme", "tuf-targets", "", KeySpec.ECC_NIST_P256, KeyOrigin.HSM);
        byte[] signature = kms.sign("tuf-targets", MESSAGE);

        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(kms.publicKey("tuf-targets").toPublicKey());
        jdk.update(MESSAGE);
        assertThat(jdk.verify(signature)).isTrue();
        kms.verify("tuf-targets", MESSAGE, signature);

        Files.write(dir.resolve("message"), MESSAGE);
        Files.write(dir.resolve("sig.der"), signature);
        Files.writeString(dir.resolve("pub.pem"), kms.publicKey("tuf-targets").pem());
        Processes.Result verified = Processes.run(
                dir, List.of("openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "message"));
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Verified OK");

        byte[] altered = MESSAGE.clone();
        altered[0] ^= 1;
        assertThat(catchThrowableOfType(KmsException.class, () -> kms.verify("tuf-targets", altered, signature))
                        .reason())
                .isEqualTo(KmsReason.INVALID_SIGNATURE);
        assertThat(events)
                .filteredOn(e -> e.operation().equals("kms:Sign"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.keyArn()).endsWith(":key/tuf-targets");
                    assertThat(e.succeeded()).isTrue();
                });
    }

    @Test
    void anHsmKeyFollowsTheLifecycleAndItsTokenObjectIsDestroyedWhenItsDeletionFallsDue() {
        kms.createKey("acme", "tuf-snapshot", "", KeySpec.ECC_NIST_P256, KeyOrigin.HSM);
        String label = row("tuf-snapshot").hsmKeyLabel();
        assertThat(catchThrowableOfType(KmsException.class, () -> kms.rotateKey("tuf-snapshot"))
                        .reason())
                .isEqualTo(KmsReason.UNSUPPORTED_OPERATION);

        kms.scheduleKeyDeletion("tuf-snapshot", KeyManagementService.MIN_DELETION_DAYS);
        assertThat(catchThrowableOfType(KmsException.class, () -> kms.sign("tuf-snapshot", MESSAGE))
                        .reason())
                .isEqualTo(KmsReason.KEY_PENDING_DELETION);
        assertThat(kms.purgeDueDeletions()).as("not due yet").isEmpty();
        assertThat(token.loadCertificate(label))
                .as("still in the token while it can be cancelled")
                .isNotNull();

        clock.advance(Duration.ofDays(KeyManagementService.MIN_DELETION_DAYS + 1));
        assertThat(kms.purgeDueDeletions()).singleElement().asString().endsWith(":key/tuf-snapshot");

        assertThat(token.loadCertificate(label)).as("token object destroyed").isNull();
        assertThat(row("tuf-snapshot").hsmKeyLabel()).isNull();
        assertThat(catchThrowableOfType(KmsException.class, () -> kms.sign("tuf-snapshot", MESSAGE))
                        .reason())
                .isEqualTo(KmsReason.KEY_DELETED);
        assertThat(events)
                .filteredOn(e -> e.operation().equals("kms:DeleteKey"))
                .singleElement()
                .satisfies(e -> assertThat(e.succeeded()).isTrue());
    }

    @Test
    void onlySigningKeysCanBeMadeInTheHsmAndATakenNameLeavesNoObjectInTheToken() {
        assertThat(catchThrowableOfType(
                                KmsException.class,
                                () -> kms.createKey("acme", "kek", "", KeySpec.SYMMETRIC_DEFAULT, KeyOrigin.HSM))
                        .reason())
                .isEqualTo(KmsReason.UNSUPPORTED_OPERATION);

        kms.createKey("acme", "taken", "", KeySpec.ECC_NIST_P256);
        assertThat(catchThrowableOfType(
                                KmsException.class,
                                () -> kms.createKey("acme", "taken", "", KeySpec.ECC_NIST_P256, KeyOrigin.HSM))
                        .reason())
                .isEqualTo(KmsReason.ALREADY_EXISTS);
        assertThat(row("taken").origin()).isEqualTo(KeyOrigin.KMS);
    }

    private KeyRow row(String name) {
        return db.read(h -> new KeyDao(h).findByName(REGION, name)).orElseThrow();
    }
}

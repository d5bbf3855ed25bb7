package dev.warden.kms.masterkey;

import static dev.warden.kms.KmsFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.kms.EncryptionContext;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KmsEvents;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsFixture;
import dev.warden.kms.KmsReason;
import dev.warden.pki.Pkcs11Token;
import dev.warden.storage.Database;
import dev.warden.testkit.MutableClock;
import dev.warden.testkit.SoftHsm2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master key in SoftHSM2 through SunPKCS11. The library reads SOFTHSM2_CONF from the process environment, which
 * surefire sets to target/softhsm2/softhsm2.conf; the testkit writes that configuration and initialises the token.
 */
@Tag("softhsm")
class Pkcs11MasterKeyTest {
    private static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";

    @Test
    void hsmMasterKeyProtectsTheKeyHierarchyAndNeverLeavesTheToken(@TempDir Path dataDir) throws Exception {
        // The JVM's one token: SoftHSM2 sees only the tokens that exist when it is first loaded, and the KMS's
        // HSM-key tests of this JVM use the same one.
        SoftHsm2.Token token = SoftHsm2.jvmToken();
        long slot = Pkcs11Token.resolve(token.uri()).slotId();
        String pin = token.pin();
        Pkcs11MasterKey hsm = Pkcs11MasterKey.openSlot(MODULE, slot, pin.toCharArray(), REGION);
        assertThat(hsm.isExtractable())
                .as("HSM master key bytes are not extractable")
                .isFalse();
        assertThat(hsm.keyId()).isEqualTo("pkcs11:warden-kms-eu-west-1");

        byte[] aad = "aad".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = hsm.encrypt("hello".getBytes(StandardCharsets.UTF_8), aad);
        assertThat(hsm.decrypt(sealed, aad)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        byte[] flipped = sealed.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThatThrownBy(() -> hsm.decrypt(flipped, aad)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> hsm.decrypt(sealed, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GeneralSecurityException.class);

        EncryptionContext context = EncryptionContext.of("thing:dev-001", "r1");
        byte[] ciphertext;
        try (Database db = Database.open(null, dataDir)) {
            KeyManagementService kms = new KeyManagementService(db, hsm, REGION, new MutableClock(KmsFixture.START));
            kms.createKey("acme", "things", "");
            ciphertext = kms.encrypt("things", context, "payload".getBytes(StandardCharsets.UTF_8));
        }
        // A new login finds the same key in the token, so the stored hierarchy opens again.
        Pkcs11MasterKey again = Pkcs11MasterKey.openSlot(MODULE, slot, pin.toCharArray(), REGION);
        try (Database db = Database.open(null, dataDir)) {
            KeyManagementService kms = new KeyManagementService(db, again, REGION, new MutableClock(KmsFixture.START));
            assertThat(new String(kms.decrypt(context, ciphertext), StandardCharsets.UTF_8))
                    .isEqualTo("payload");
            // A file master key (another key id) cannot open what the HSM protects, with a precise reason.
            KeyManagementService wrong = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), KmsEvents.NONE);
            assertThat(catchThrowableOfType(KmsException.class, () -> wrong.decrypt(context, ciphertext))
                            .reason())
                    .isEqualTo(KmsReason.MASTER_KEY_UNAVAILABLE);
        }

        again.close();
        hsm.close();
        KmsException wrongPin = catchThrowableOfType(
                KmsException.class, () -> Pkcs11MasterKey.openSlot(MODULE, slot, "9999".toCharArray(), REGION));
        assertThat(wrongPin.reason()).isEqualTo(KmsReason.MASTER_KEY_UNAVAILABLE);
        assertThat(wrongPin.getMessage()).doesNotContain("9999");
    }
}

package dev.warden.kms;

import static dev.warden.kms.KmsFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.storage.Database;
import dev.warden.testkit.MutableClock;
import dev.warden.testkit.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A KMS signature and public key as openssl sees them: the PEM is a P-256 key and the DER signature verifies. */
@Tag("openssl")
class SigningKeyOpensslTest {
    @TempDir
    Path dir;

    @Test
    void opensslVerifiesTheSignatureWithThePemPublicKey() throws Exception {
        try (Database db = Database.open(null, dir.resolve("data"))) {
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), KmsEvents.NONE);
            kms.createKey("acme", "firmware", "", KeySpec.ECC_NIST_P256);
            byte[] message = "firmware-1.2.3.bin: sha256=...".getBytes(StandardCharsets.UTF_8);
            Files.write(dir.resolve("message"), message);
            Files.write(dir.resolve("sig.der"), kms.sign("firmware", message));
            Files.writeString(dir.resolve("pub.pem"), kms.publicKey("firmware").pem());

            Processes.Result key =
                    Processes.run(dir, List.of("openssl", "pkey", "-pubin", "-in", "pub.pem", "-noout", "-text"));
            assertThat(key.exitCode()).as(key.output()).isZero();
            assertThat(key.output()).contains("Public-Key: (256 bit)").contains("prime256v1");

            Processes.Result verified = Processes.run(
                    dir,
                    List.of("openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "message"));
            assertThat(verified.exitCode()).as(verified.output()).isZero();
            assertThat(verified.output()).contains("Verified OK");

            // The same signature over one changed byte is refused by openssl too
            message[0] ^= 0x01;
            Files.write(dir.resolve("message"), message);
            Processes.Result refused = Processes.run(
                    dir,
                    List.of("openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "message"));
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).contains("Verification failure");
        }
    }
}

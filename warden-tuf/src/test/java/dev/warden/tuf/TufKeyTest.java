package dev.warden.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TufKeyTest {
    /**
     * securesystemslib's own test key ({@code tests/check_kms_signers.py}, 0.28) and the id it expects; and a key
     * from the tuf-conformance suite with the id its root metadata lists. Ids computed any other way (over the whole
     * key with {@code keyid_hash_algorithms}, over the DER, with a PEM without its final newline) do not match.
     */
    @Test
    void computesKeyIdsAsSecuresystemslibDoes() {
        TufKey kms = new TufKey(
                "ecdsa",
                "ecdsa-sha2-nistp256",
                Map.of(
                        "public",
                        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/ptvrXYuUc2ZaKssHhtg/IKNbO1X\n"
                                + "cDWlbKqLNpaK62MKdOwDz1qlp5AGHZkTY9tO09iq1F16SvVot1BQ9FJ2dw==\n"
                                + "-----END PUBLIC KEY-----\n"));
        assertThat(kms.keyId()).isEqualTo("ab45d8d98992a4128efaea284c7ef0459557db199aeadf237ae41b915b9b5a1c");
        TufKey conformance = new TufKey(
                "ecdsa",
                "ecdsa-sha2-nistp256",
                Map.of(
                        "public",
                        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEJwsHFs2fOgFNIFnX7g+q5Q+ZIdBt\n"
                                + "0sZSWIgYQPjnA7GPirxVsRt/CG8OR9ueMZ43RDlbw3BuN7dd3Dpd+0pKTQ==\n"
                                + "-----END PUBLIC KEY-----\n"));
        assertThat(conformance.keyId()).isEqualTo("2ec2f35daed840da76fdd6e2ca51dfb1919992aae5331e4f1edfd70618f9b2b7");
        assertThat(conformance.ecdsaP256Key()).isPresent();
    }

    @Test
    void writesPemAsPythonCryptographyDoes() {
        LocalEcdsaSigner signer = LocalEcdsaSigner.generate();
        String pem = signer.key().keyVal().get("public");
        assertThat(pem)
                .matches(
                        "-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/]{64}\n[A-Za-z0-9+/]{58}==\n-----END PUBLIC KEY-----\n");
        assertThat(signer.key().keyType()).isEqualTo("ecdsa");
        assertThat(signer.key().scheme()).isEqualTo("ecdsa-sha2-nistp256");
        assertThat(signer.key().ecdsaP256Key().orElseThrow().getEncoded())
                .isEqualTo(signer.keyPair().getPublic().getEncoded());
    }

    @Test
    void readsBackWhatItWritesAndRefusesAnIdThatIsNotTheKeys() {
        TufKey key = LocalEcdsaSigner.generate().key();
        assertThat(TufKey.fromJson(key.keyId(), key.toJson(), "root")).isEqualTo(key);
        String otherId = LocalEcdsaSigner.generate().keyId();
        assertThatThrownBy(() -> TufKey.fromJson(otherId, key.toJson(), "root"))
                .isInstanceOf(TufException.class)
                .hasMessageContaining("key id is not the SHA-256 of the key")
                .extracting(e -> ((TufException) e).reason())
                .isEqualTo(TufReason.MALFORMED);
    }

    @Test
    void verifiesDerSignaturesOnlyOverTheSignedBytes() {
        LocalEcdsaSigner signer = LocalEcdsaSigner.generate();
        byte[] message = "{\"_type\":\"timestamp\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(signer.key().verifies(message, signer.sign(message))).isTrue();
        assertThat(signer.key().verifies("{}".getBytes(StandardCharsets.UTF_8), signer.sign(message)))
                .isFalse();
        assertThat(signer.key().verifies(message, signer.rawSignatures().sign(message)))
                .as("raw r||s is not what tuf-js reads")
                .isFalse();
        assertThat(LocalEcdsaSigner.generate().key().verifies(message, signer.sign(message)))
                .isFalse();
    }

    @Test
    void keysOfOtherTypesParseButVerifyNothing() throws Exception {
        TufKey ed25519 = new TufKey("ed25519", "ed25519", Map.of("public", "ab".repeat(32)));
        assertThat(TufKey.fromJson(ed25519.keyId(), ed25519.toJson(), "root")).isEqualTo(ed25519);
        assertThat(ed25519.verifies(new byte[1], new byte[64])).isFalse();

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        byte[] p384 = generator.generateKeyPair().getPublic().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(p384)
                + "\n-----END PUBLIC KEY-----\n";
        TufKey wrongCurve = new TufKey("ecdsa", "ecdsa-sha2-nistp256", Map.of("public", pem));
        assertThat(wrongCurve.ecdsaP256Key())
                .as("a P-384 key under the P-256 scheme")
                .isEmpty();
    }
}

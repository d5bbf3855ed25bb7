package dev.warden.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.Signature;
import org.junit.jupiter.api.Test;

/** Signatures run on BoringSSL where it loads (linux-x86_64, as in CI), and agree with BouncyCastle both ways. */
class SignaturesTest {
    @Test
    void boringSslSignsOnThisPlatform() {
        assertThat(Signatures.PREFERRED.getName()).isEqualTo("Conscrypt");
    }

    @Test
    void eachProviderVerifiesTheOthersSignatureAndRefusesATamperedOne() throws Exception {
        for (KeyType type : new KeyType[] {KeyType.EC_P256, KeyType.EC_P384}) {
            KeyPair keys = CsrBuilder.generateDeviceKey(type);
            byte[] data = "to be signed".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (var pair : new java.security.Provider[][] {
                {Signatures.PREFERRED, BouncyCastle.PROVIDER}, {BouncyCastle.PROVIDER, Signatures.PREFERRED}
            }) {
                Signature signer = Signature.getInstance(type.signatureAlgorithm(), pair[0]);
                signer.initSign(keys.getPrivate());
                signer.update(data);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(type.signatureAlgorithm(), pair[1]);
                verifier.initVerify(keys.getPublic());
                verifier.update(data);
                assertThat(verifier.verify(signature))
                        .as(type + " " + pair[0].getName())
                        .isTrue();
                verifier.initVerify(keys.getPublic());
                verifier.update("tampered".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(verifier.verify(signature)).isFalse();
            }
        }
    }
}

package dev.warden.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataWriterTest {
    private final LocalEcdsaSigner signer = LocalEcdsaSigner.generate();
    private final Timestamp timestamp = Timestamp.of(
            4, Instant.parse("2030-01-02T03:04:05Z"), MetaFile.of(9, "{}".getBytes(StandardCharsets.UTF_8)));

    @Test
    void writesSortedIndentedJsonWhoseSignatureCoversTheCanonicalSignedObject() throws Exception {
        byte[] file = MetadataWriter.write(timestamp, List.of(signer));
        String text = new String(file, StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith("{\n  \"signatures\": [\n    {\n      \"keyid\": \"" + signer.keyId() + "\",\n")
                .contains(
                        "\n  \"signed\": {\n    \"_type\": \"timestamp\",\n    \"expires\": \"2030-01-02T03:04:05Z\",")
                .endsWith("\n}\n");

        SignedEnvelope envelope = SignedEnvelope.parse(file, "timestamp");
        assertThat(Timestamp.fromJson(envelope.signed())).isEqualTo(timestamp);
        // Checked with the JDK directly, not through TufKey: the signature is DER ECDSA-SHA256 over canonical JSON.
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(signer.keyPair().getPublic());
        verifier.update(CanonicalJson.encode(timestamp.toJson()));
        assertThat(verifier.verify(
                        HexFormat.of().parseHex(envelope.signatures().get(0).sig())))
                .isTrue();
        assertThat(new String(envelope.canonicalSigned(), StandardCharsets.UTF_8))
                .startsWith("{\"_type\":\"timestamp\",\"expires\":\"2030-01-02T03:04:05Z\",\"meta\":{");
    }

    @Test
    void theSameEnvelopeAlwaysGivesTheSameFile() {
        SignedEnvelope envelope = MetadataWriter.sign(timestamp.toJson(), List.of(signer));
        assertThat(envelope.toBytes())
                .isEqualTo(SignedEnvelope.parse(envelope.toBytes(), "t").toBytes());
    }

    @Test
    void refusesASignerWhoseSignaturesDoNotVerify() {
        // A KMS answering in raw r||s, or signing with another key than the one it reports: nothing is written.
        assertThatThrownBy(() -> MetadataWriter.write(timestamp, List.of(signer.rawSignatures())))
                .isInstanceOf(TufException.class)
                .hasMessageContaining("DER signature is needed")
                .satisfies(e -> assertThat(((TufException) e).reason()).isEqualTo(TufReason.SIGNING_FAILED));
        LocalEcdsaSigner liar = LocalEcdsaSigner.generate().listedAs(signer.key());
        assertThatThrownBy(() -> MetadataWriter.write(timestamp, List.of(liar)))
                .isInstanceOf(TufException.class)
                .satisfies(e -> assertThat(((TufException) e).reason()).isEqualTo(TufReason.SIGNING_FAILED));
        assertThatThrownBy(() -> MetadataWriter.write(timestamp, List.of(signer, signer)))
                .isInstanceOf(TufException.class)
                .hasMessageContaining("two signers");
        assertThatThrownBy(() -> MetadataWriter.write(timestamp, List.of())).isInstanceOf(TufException.class);
    }
}

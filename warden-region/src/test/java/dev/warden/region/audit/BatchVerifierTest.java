package dev.warden.region.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.HashChain;
import dev.warden.pki.Pem;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The audit region's batch check on chains built here: key rotations, metadata, and where a batch may start. */
class BatchVerifierTest {
    private static final String REGION = "us-east-1";
    private static final BatchVerifier.StoredChain NOTHING_STORED = new BatchVerifier.StoredChain() {
        @Override
        public Optional<String> hashAt(long seq) {
            return Optional.empty();
        }

        @Override
        public Optional<Long> rotation(String oldKeyId, String newKeyId) {
            return Optional.empty();
        }
    };

    private final KeyPair oldKey = keys();
    private final KeyPair newKey = keys();
    private final AuditKeys pinned = AuditKeys.first(REGION, Pem.encodePublicKey(oldKey.getPublic()), Instant.EPOCH);
    private final List<ChainedEvent> events = new ArrayList<>();
    private final List<AuditDigest> digests = new ArrayList<>();

    @Test
    void aRotationSignedByThePinnedKeyBringsInTheNextKey() {
        append(AuditEvent.builder(REGION, "n").action("warden:CreateThing"));
        append(rotation());
        checkpoint(oldKey);
        append(AuditEvent.builder(REGION, "n").action("warden:CreateThing"));
        checkpoint(newKey);

        BatchVerifier.Verified verified =
                BatchVerifier.verify(REGION, BatchVerifier.Position.EMPTY, pinned, batch(true), NOTHING_STORED);

        assertThat(verified.keys().keys()).hasSize(2);
        assertThat(verified.keys().keys().get(0).toDigestSeq()).isEqualTo(1);
        assertThat(verified.pinnedNow()).extracting(AuditKeys.Key::keyId).containsExactly(keyId(newKey));
        assertThat(verified.position().lastSeq()).isEqualTo(3);
    }

    @Test
    void aNewKeyWithoutASignedRotationIsNotTrusted() {
        // no rotation event at all
        append(AuditEvent.builder(REGION, "n").action("warden:CreateThing"));
        checkpoint(oldKey);
        append(AuditEvent.builder(REGION, "n").action("warden:CreateThing"));
        checkpoint(newKey);
        assertRefused(batch(true), RegionReason.AUDIT_KEY_UNTRUSTED);

        // a rotation recorded after the old key's last checkpoint: the old key never signed it
        events.clear();
        digests.clear();
        append(AuditEvent.builder(REGION, "n").action("warden:CreateThing"));
        checkpoint(oldKey);
        append(rotation());
        checkpoint(newKey);
        assertRefused(batch(true), RegionReason.AUDIT_KEY_UNTRUSTED);

        // the first checkpoint of a region signed by a key that was never pinned
        events.clear();
        digests.clear();
        append(AuditEvent.builder(REGION, "n").action("warden:CreateThing"));
        checkpoint(newKey);
        assertRefused(batch(true), RegionReason.AUDIT_KEY_UNTRUSTED);
    }

    @Test
    void anEventOfAnotherRegionOrWithAPayloadIsRefused() {
        append(AuditEvent.builder(REGION, "n").action("iot:Publish").detail("payload", "{\"t\": 21}"));
        assertRefused(batch(false), RegionReason.AUDIT_NOT_METADATA);

        events.clear();
        append(AuditEvent.builder("eu-west-1", "n").action("warden:CreateThing"));
        assertRefused(batch(false), RegionReason.AUDIT_TAMPERED);
        assertThat(MetadataOnly.violation(AuditEvent.builder(REGION, "n")
                        .action("x")
                        .resource("arn:" + "a".repeat(MetadataOnly.MAX_FIELD_CHARS))
                        .build(1)))
                .hasValueSatisfying(why -> assertThat(why).contains("resource").doesNotContain("aaaa"));
    }

    @Test
    void aRegionWithoutPinnedKeysIsRefused() {
        append(AuditEvent.builder(REGION, "n").action("warden:CreateThing"));
        assertThatThrownBy(() ->
                        BatchVerifier.verify(REGION, BatchVerifier.Position.EMPTY, null, batch(false), NOTHING_STORED))
                .isInstanceOfSatisfying(
                        RegionException.class, e -> assertThat(e.reason()).isEqualTo(RegionReason.AUDIT_KEY_UNTRUSTED));
    }

    private void assertRefused(AuditBatch batch, RegionReason reason) {
        assertThatThrownBy(
                        () -> BatchVerifier.verify(REGION, BatchVerifier.Position.EMPTY, pinned, batch, NOTHING_STORED))
                .isInstanceOfSatisfying(
                        RegionException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private AuditEvent.Builder rotation() {
        return AuditEvent.builder(REGION, "n")
                .action(BatchVerifier.ROTATE_ACTION)
                .detail("oldKeyId", keyId(oldKey))
                .detail("newKeyId", keyId(newKey));
    }

    private void append(AuditEvent.Builder event) {
        String previous = events.isEmpty()
                ? HashChain.GENESIS
                : events.get(events.size() - 1).hash();
        AuditEvent built = event.build(events.size() + 1L);
        events.add(new ChainedEvent(events.size() + 1L, built, new HashChain().link(previous, built)));
    }

    private void checkpoint(KeyPair key) {
        AuditDigest previous = digests.isEmpty() ? null : digests.get(digests.size() - 1);
        long from = previous == null ? 1 : previous.toSeq() + 1;
        long to = events.size();
        digests.add(new DigestSigner(key.getPrivate(), key.getPublic())
                .sign(new AuditDigest(
                        REGION,
                        digests.size() + 1L,
                        from,
                        to,
                        events.get((int) to - 1).hash(),
                        previous == null ? HashChain.GENESIS : previous.hash(),
                        to,
                        keyId(key),
                        null)));
    }

    private AuditBatch batch(boolean withKeys) {
        AuditKeys offered = pinned.rotated(Pem.encodePublicKey(newKey.getPublic()), 1, Instant.EPOCH);
        return new AuditBatch(events, digests, withKeys ? offered : null);
    }

    private static String keyId(KeyPair key) {
        return DigestSigner.keyIdOf(key.getPublic());
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.warden.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.HashChain;
import dev.warden.audit.TrustedKey;
import dev.warden.audit.merkle.MerkleHash;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Event proofs built from a chain in memory: every leaf of several tree sizes verifies, and edits do not. */
class EventProofTest {
    private static final String REGION = "eu-west-1";
    private final KeyPair key = keyPair();
    private final DigestSigner signer = new DigestSigner(key.getPrivate(), key.getPublic());
    private final ProofCheck check = new ProofCheck(List.of(TrustedKey.always(key.getPublic())), null);

    @Test
    void everyEventOfEveryTreeSizeUpToSeventeenProvesAndSurvivesTheJsonForm() {
        List<ChainedEvent> events = chain(17);
        ChainHashes hashes = new ChainHashes(2);
        events.forEach(e -> hashes.add(e.hash()));
        for (int size = 1; size <= 17; size++) {
            AuditDigest checkpoint = checkpoint(events, size, hashes);
            for (int seq = 1; seq <= size; seq++) {
                EventProof proof = EventProof.create(events.get(seq - 1), previous(events, seq), hashes, checkpoint);
                EventProof read = EventProofJson.parse(EventProofJson.write(proof));
                assertThat(check.check(read, null).valid())
                        .as("seq %d of %d", seq, size)
                        .isTrue();
                assertThat(check.check(read, checkpoint).valid()).isTrue();
            }
        }
    }

    @Test
    void anEditedEventAWrongPreviousHashAnOlderTrustedCheckpointWithoutConsistencyOrAnotherKeyFail() {
        List<ChainedEvent> events = chain(9);
        ChainHashes hashes = new ChainHashes(9);
        events.forEach(e -> hashes.add(e.hash()));
        AuditDigest checkpoint = checkpoint(events, 9, hashes);
        EventProof proof = EventProof.create(events.get(4), previous(events, 5), hashes, checkpoint);

        ChainedEvent e = proof.event();
        AuditEvent edited = new AuditEvent(
                e.event().eventId(),
                e.event().timeNanos(),
                REGION,
                "node-1",
                e.event().principal(),
                e.event().sourceIp(),
                e.event().action(),
                e.event().resource(),
                AuditResult.DENY,
                null,
                e.event().requestId(),
                e.event().details());
        assertThat(check.check(
                                new EventProof(
                                        new ChainedEvent(5, edited, e.hash()),
                                        proof.previousHash(),
                                        proof.inclusion(),
                                        checkpoint,
                                        null),
                                null)
                        .reason())
                .contains("does not match its chain hash");
        assertThat(check.check(new EventProof(e, events.get(0).hash(), proof.inclusion(), checkpoint, null), null)
                        .valid())
                .isFalse();

        AuditDigest older = checkpoint(events, 4, hashes);
        assertThat(check.check(proof, older).reason()).contains("no consistency proof");
        assertThat(check.check(proof.withConsistency(hashes, older), older).valid())
                .isTrue();

        KeyPair other = keyPair();
        assertThat(new ProofCheck(List.of(TrustedKey.always(other.getPublic())), null)
                        .check(proof, null)
                        .reason())
                .contains("not a given audit key");
        assertThat(new ProofCheck(List.of(new TrustedKey(key.getPublic(), 1, 4L)), null)
                        .check(proof, null)
                        .reason())
                .contains("signs only digests 1..4");
    }

    private AuditDigest checkpoint(List<ChainedEvent> events, int size, ChainHashes hashes) {
        String root = MerkleHash.hex(hashes.rangeRoot(0, size));
        return signer.sign(new AuditDigest(
                REGION,
                size,
                1,
                size,
                events.get(size - 1).hash(),
                HashChain.GENESIS,
                size,
                signer.keyId(),
                null,
                0,
                root));
    }

    private static String previous(List<ChainedEvent> events, int seq) {
        return seq == 1 ? HashChain.GENESIS : events.get(seq - 2).hash();
    }

    private static List<ChainedEvent> chain(int count) {
        HashChain chain = new HashChain();
        List<ChainedEvent> events = new ArrayList<>();
        String hash = HashChain.GENESIS;
        for (int i = 1; i <= count; i++) {
            AuditEvent event = AuditEvent.builder(REGION, "node-1")
                    .principal(new AuditPrincipal("admin", "a", null))
                    .action("warden:CreateThing")
                    .resource("arn:warden:iot:eu-west-1:default:thing/t" + i)
                    .result(AuditResult.ALLOW)
                    .detail("n", i)
                    .build(1_700_000_000_000_000_000L + i);
            hash = chain.link(hash, event);
            events.add(new ChainedEvent(i, event, hash));
        }
        return events;
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {
    private static final KeyPair KEYS = TestChains.keyPair();
    private static final DigestSigner SIGNER = new DigestSigner(KEYS.getPrivate(), KEYS.getPublic());

    private final TestChains.Trail trail = TestChains.trail(100, 25, SIGNER);
    private final List<ChainedEvent> events = new ArrayList<>(trail.events());
    private final List<AuditDigest> digests = new ArrayList<>(trail.digests());

    private VerificationReport verify() {
        return new ChainVerifier(KEYS.getPublic(), TestChains.REGION).verify(events.iterator(), digests);
    }

    private static ChainedEvent withEvent(ChainedEvent c, AuditEvent e) {
        return new ChainedEvent(c.seq(), e, c.hash());
    }

    @Test
    void anIntactChainVerifies() {
        VerificationReport report = verify();
        assertThat(report.intact()).as(report.problems().toString()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(100);
        assertThat(report.digestsChecked()).isEqualTo(4);
        assertThat(report.unsignedTail()).isZero();
    }

    @Test
    void aModifiedFieldIsReportedAtThatEvent() {
        ChainedEvent target = events.get(41);
        AuditEvent e = target.event();
        events.set(
                41,
                withEvent(
                        target,
                        new AuditEvent(
                                e.eventId(),
                                e.timeNanos(),
                                e.region(),
                                e.node(),
                                e.principal(),
                                e.sourceIp(),
                                e.action(),
                                e.resource(),
                                AuditResult.ALLOW.equals(e.result()) ? AuditResult.DENY : AuditResult.ALLOW,
                                e.decidingStatement(),
                                e.requestId(),
                                e.details())));
        VerificationProblem first = verify().firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.MODIFIED);
        assertThat(first.eventId()).isEqualTo(e.eventId());
        assertThat(first.seq()).isEqualTo(42);
    }

    @Test
    void aDeletedEventIsReportedAsAGap() {
        String following = events.get(10).event().eventId();
        events.remove(9);
        VerificationProblem first = verify().firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.DELETED);
        assertThat(first.seq()).isEqualTo(11);
        assertThat(first.eventId()).isEqualTo(following);
    }

    @Test
    void aDeletionHiddenByRenumberingIsStillCaught() {
        events.remove(9);
        for (int i = 9; i < events.size(); i++) {
            ChainedEvent c = events.get(i);
            events.set(i, new ChainedEvent(c.seq() - 1, c.event(), c.hash()));
        }
        VerificationReport report = verify();
        assertThat(report.intact()).isFalse();
        assertThat(report.firstProblem().orElseThrow().seq()).isEqualTo(10);
    }

    @Test
    void anInsertedEventIsNamed() {
        AuditEvent forged = TestChains.event(999);
        // The forger even computes a correct link from its predecessor.
        String forgedHash = new HashChain().link(events.get(49).hash(), forged);
        events.add(50, new ChainedEvent(51, forged, forgedHash));
        for (int i = 51; i < events.size(); i++) {
            ChainedEvent c = events.get(i);
            events.set(i, new ChainedEvent(c.seq() + 1, c.event(), c.hash()));
        }
        VerificationProblem first = verify().firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.INSERTED);
        assertThat(first.seq()).isEqualTo(51);
    }

    @Test
    void aCarelesslyInsertedEventIsNamedByItsId() {
        AuditEvent forged = TestChains.event(999);
        events.add(50, new ChainedEvent(51, forged, "ab".repeat(32)));
        for (int i = 51; i < events.size(); i++) {
            ChainedEvent c = events.get(i);
            events.set(i, new ChainedEvent(c.seq() + 1, c.event(), c.hash()));
        }
        VerificationProblem first = verify().firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.INSERTED);
        assertThat(first.eventId()).isEqualTo(forged.eventId());
    }

    @Test
    void swappedEventsAreReportedAsReordered() {
        ChainedEvent a = events.get(30);
        ChainedEvent b = events.get(31);
        events.set(30, new ChainedEvent(31, b.event(), b.hash()));
        events.set(31, new ChainedEvent(32, a.event(), a.hash()));
        VerificationProblem first = verify().firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.REORDERED);
        assertThat(first.eventId()).isEqualTo(b.event().eventId());
    }

    @Test
    void aTruncatedTailIsCaughtByTheLastDigest() {
        events.subList(90, 100).clear();
        VerificationProblem first = verify().firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.TRUNCATED);
        assertThat(first.seq()).isEqualTo(91);
    }

    @Test
    void aChainRewrittenWithFreshHashesIsCaughtByTheSignedDigest() {
        HashChain chain = new HashChain();
        String hash = events.get(59).hash();
        ChainedEvent target = events.get(60);
        AuditEvent e = target.event();
        TreeMap<String, String> details = new TreeMap<>(e.details());
        details.put("n", "edited");
        for (int i = 60; i < events.size(); i++) {
            AuditEvent current = i == 60
                    ? new AuditEvent(
                            e.eventId(),
                            e.timeNanos(),
                            e.region(),
                            e.node(),
                            e.principal(),
                            e.sourceIp(),
                            e.action(),
                            e.resource(),
                            e.result(),
                            e.decidingStatement(),
                            e.requestId(),
                            details)
                    : events.get(i).event();
            hash = chain.link(hash, current);
            events.set(i, new ChainedEvent(i + 1, current, hash));
        }
        VerificationProblem first = verify().firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.DIGEST_MISMATCH);
        assertThat(first.seq()).isEqualTo(75);
    }

    @Test
    void aForgedDigestIsRejected() {
        KeyPair other = TestChains.keyPair();
        AuditDigest original = digests.get(1);
        digests.set(1, new DigestSigner(other.getPrivate(), other.getPublic()).sign(original.withSignature(null)));
        VerificationReport report = verify();
        assertThat(report.problems())
                .extracting(VerificationProblem::kind)
                .contains(ProblemKind.DIGEST_SIGNATURE_INVALID);
    }

    @Test
    void aDigestSignedOverAlteredFieldsIsRejected() {
        AuditDigest d = digests.get(2);
        digests.set(
                2,
                new AuditDigest(
                        d.region(),
                        d.digestSeq(),
                        d.fromSeq(),
                        d.toSeq(),
                        d.headHash(),
                        d.previousDigestHash(),
                        d.createdAtNanos() + 1,
                        d.keyId(),
                        d.signature()));
        assertThat(verify().problems())
                .extracting(VerificationProblem::kind)
                .contains(ProblemKind.DIGEST_SIGNATURE_INVALID);
    }

    @Test
    void aMissingDigestBreaksTheDigestChain() {
        digests.remove(1);
        VerificationProblem first = verify().firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.DIGEST_CHAIN_BROKEN);
    }

    @Test
    void eventsAfterTheLastDigestAreCountedAsUnsigned() {
        TestChains.Trail longer = TestChains.trail(110, 25, SIGNER);
        VerificationReport report = new ChainVerifier(KEYS.getPublic(), TestChains.REGION)
                .verify(longer.events().iterator(), longer.digests());
        assertThat(report.intact()).isTrue();
        assertThat(report.unsignedTail()).isEqualTo(10);
    }

    @Test
    void theWrongPublicKeyFailsEveryDigest() {
        VerificationReport report = new ChainVerifier(TestChains.keyPair().getPublic(), TestChains.REGION)
                .verify(events.iterator(), digests);
        assertThat(report.problems())
                .hasSize(4)
                .allSatisfy(p -> assertThat(p.kind()).isEqualTo(ProblemKind.DIGEST_SIGNATURE_INVALID));
    }

    @Test
    void anEmptyTrailWithoutDigestsIsIntact() {
        VerificationReport report =
                new ChainVerifier(KEYS.getPublic(), TestChains.REGION).verify(Collections.emptyIterator(), List.of());
        assertThat(report.intact()).isTrue();
        assertThat(report.eventsChecked()).isZero();
    }
}

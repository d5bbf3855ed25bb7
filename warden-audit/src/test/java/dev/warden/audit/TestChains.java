package dev.warden.audit;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

/** Builds valid chains and digests in memory, as the writer would. */
final class TestChains {
    static final String REGION = "eu-west-1";

    private TestChains() {}

    static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static AuditEvent event(int i) {
        return AuditEvent.builder(REGION, "node-1")
                .principal(
                        i % 3 == 0
                                ? AuditPrincipal.thing("dev-" + i, "ab" + i)
                                : new AuditPrincipal("admin", "bootstrap", "tok-" + i))
                .sourceIp("10.0.0." + (i % 250))
                .action(i % 2 == 0 ? "iot:Connect" : "warden:CreateThing")
                .resource("arn:warden:iot:eu-west-1:default:client/dev-" + i)
                .result(i % 5 == 0 ? AuditResult.DENY : AuditResult.ALLOW)
                .decidingStatement(i % 5 == 0 ? "warden-device-default#0" : null)
                .requestId("req-" + i)
                .detail("n", i)
                .build(1_700_000_000_000_000_000L + i * 1000L);
    }

    /** A chain of {@code count} events with a digest every {@code digestEvery} events (and none over the tail). */
    record Trail(List<ChainedEvent> events, List<AuditDigest> digests) {}

    static Trail trail(int count, int digestEvery, DigestSigner signer) {
        HashChain chain = new HashChain();
        List<ChainedEvent> events = new ArrayList<>();
        List<AuditDigest> digests = new ArrayList<>();
        String hash = HashChain.GENESIS;
        AuditDigest last = null;
        for (int i = 1; i <= count; i++) {
            AuditEvent event = event(i);
            hash = chain.link(hash, event);
            events.add(new ChainedEvent(i, event, hash));
            if (i % digestEvery == 0) {
                last = signer.sign(new AuditDigest(
                        REGION,
                        last == null ? 1 : last.digestSeq() + 1,
                        last == null ? 1 : last.toSeq() + 1,
                        i,
                        hash,
                        last == null ? HashChain.GENESIS : last.hash(),
                        i,
                        signer.keyId(),
                        null));
                digests.add(last);
            }
        }
        return new Trail(events, digests);
    }
}

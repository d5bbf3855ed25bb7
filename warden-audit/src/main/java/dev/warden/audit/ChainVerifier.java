package dev.warden.audit;

import java.security.Provider;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Recomputes a region's chain from stored events and checks it against the signed digests, offline, with only the
 * audit-signing public key. Pure: the caller streams events in sequence order. A mismatch is classified by trying
 * the few explanations an edit can have (the event was changed, an event was inserted before it, two events were
 * swapped), then verification re-anchors on the stored hash so that later, independent breaks are reported too.
 */
public final class ChainVerifier {
    /** Enough to see every independent break of a real incident without letting a wrecked table flood memory. */
    public static final int MAX_PROBLEMS = 100;

    private final Map<String, TrustedKey> keys;
    private final String region;
    private final Provider signatureProvider;

    public ChainVerifier(PublicKey publicKey, String region) {
        this(publicKey, region, null);
    }

    /**
     * @param signatureProvider the provider that checks digest signatures (a digest every few thousand events makes
     *                          the JDK's slower ECDSA a visible share of a verification), or {@code null} for the JDK's
     */
    public ChainVerifier(PublicKey publicKey, String region, Provider signatureProvider) {
        this(List.of(publicKey), region, signatureProvider);
    }

    /**
     * A verifier that accepts digests signed by any of {@code publicKeys} (the region's keys across rotations), each
     * digest naming its key by id.
     */
    public ChainVerifier(List<PublicKey> publicKeys, String region, Provider signatureProvider) {
        this(publicKeys.stream().map(TrustedKey::always).toList(), signatureProvider, region);
    }

    private ChainVerifier(List<TrustedKey> trusted, Provider signatureProvider, String region) {
        Map<String, TrustedKey> byId = new HashMap<>();
        for (TrustedKey key : trusted) {
            byId.put(key.keyId(), key);
        }
        this.keys = Map.copyOf(byId);
        this.region = region;
        this.signatureProvider = signatureProvider;
    }

    /**
     * A verifier that accepts a digest only when the key it names is trusted and valid for its digest seq: a
     * checkpoint signed by a key outside that key's range is {@link ProblemKind#DIGEST_SIGNATURE_INVALID}.
     */
    public static ChainVerifier withValidity(List<TrustedKey> keys, String region, Provider signatureProvider) {
        return new ChainVerifier(keys, signatureProvider, region);
    }

    /**
     * Verifies a whole chain from its first event.
     *
     * @param events  every event of the region, in ascending seq order
     * @param digests every digest of the region
     */
    public VerificationReport verify(Iterator<? extends StoredLink> events, List<AuditDigest> digests) {
        return verify(events, digests, 1, HashChain.GENESIS);
    }

    /**
     * Verifies the part of a chain that starts at {@code firstSeq}, anchored on the stored hash of the event before
     * it ({@link HashChain#GENESIS} when {@code firstSeq} is 1).
     */
    public VerificationReport verify(
            Iterator<? extends StoredLink> events, List<AuditDigest> digests, long firstSeq, String anchorHash) {
        return verifyPart(events, digests, firstSeq, anchorHash, true, true);
    }

    /**
     * Verifies one piece of a chain that is checked in several pieces at once (each anchored on the stored hash
     * before it). Only one piece checks the digest chain itself, and only the last piece looks for a cut-off tail.
     */
    public VerificationReport verifyPart(
            Iterator<? extends StoredLink> events,
            List<AuditDigest> digests,
            long firstSeq,
            String anchorHash,
            boolean checkDigestChain,
            boolean lastPart) {
        Problems problems = new Problems();
        List<AuditDigest> sorted = new ArrayList<>(digests);
        sorted.sort(Comparator.comparingLong(AuditDigest::digestSeq));
        Problems digestProblems = checkDigestChain ? problems : new Problems();
        Map<Long, AuditDigest> digestByLastSeq = checkDigestChain(sorted, digestProblems);

        HashChain chain = new HashChain();
        String beforePrevious = null;
        String previous = anchorHash;
        byte[] previousBytes = parseHash(anchorHash);
        EventCanonicalForm.Writer writer = new EventCanonicalForm.Writer();
        long expectedSeq = firstSeq;
        long count = 0;
        long lastSeq = firstSeq - 1;
        StoredLink current = events.hasNext() ? events.next() : null;
        while (current != null) {
            StoredLink next = events.hasNext() ? events.next() : null;
            count++;
            long seq = current.seq();
            checkSequence(current, expectedSeq, problems);
            writer.reset();
            current.writeCanonical(writer);
            byte[] stored = parseHash(current.hash());
            byte[] computed =
                    chain.link(previousBytes == null ? new byte[32] : previousBytes, writer.buffer(), writer.size());
            if (stored == null || previousBytes == null || !Arrays.equals(computed, stored)) {
                reportMismatch(chain, current, writer.bytes(), next, previous, beforePrevious, problems);
            }
            checkSignedHead(digestByLastSeq.get(seq), current, computed, problems);
            // Re-anchor on what is stored so that each independent break is reported once.
            beforePrevious = previous;
            previous = current.hash();
            previousBytes = stored;
            expectedSeq = Math.max(expectedSeq, seq) + 1;
            lastSeq = Math.max(lastSeq, seq);
            current = next;
        }

        long lastSigned = lastSignedSeq(sorted);
        if (lastPart && lastSigned > lastSeq && lastSigned >= firstSeq) {
            problems.add(
                    ProblemKind.TRUNCATED,
                    lastSeq + 1,
                    null,
                    "digests cover events up to seq " + lastSigned + " but the trail ends at seq " + lastSeq);
        }
        long unsignedTail = lastPart ? Math.max(0, lastSeq - Math.max(lastSigned, firstSeq - 1)) : 0;
        // Digest problems were found first; the report lists every break in chain order.
        problems.list.sort(Comparator.comparingLong(VerificationProblem::seq));
        return new VerificationReport(
                region, count, sorted.size(), firstSeq, lastSeq, unsignedTail, problems.list, problems.truncated);
    }

    /** A gap before {@code current} is a deletion; a seq not above the previous one is out of order. */
    private static void checkSequence(StoredLink current, long expectedSeq, Problems problems) {
        long seq = current.seq();
        if (seq > expectedSeq) {
            problems.add(
                    ProblemKind.DELETED,
                    seq,
                    current.eventId(),
                    (seq - expectedSeq) + " event(s) missing before this one (seq " + expectedSeq + ".." + (seq - 1)
                            + ")");
        } else if (seq < expectedSeq) {
            problems.add(
                    ProblemKind.OUT_OF_ORDER,
                    seq,
                    current.eventId(),
                    "seq " + seq + " follows seq " + (expectedSeq - 1));
        }
    }

    /** The digest that ends at {@code current} (if any) must have signed the head hash computed there. */
    private static void checkSignedHead(AuditDigest digest, StoredLink current, byte[] computed, Problems problems) {
        if (digest != null && !digest.headHash().equals(HashChain.hex(computed))) {
            problems.add(
                    ProblemKind.DIGEST_MISMATCH,
                    current.seq(),
                    current.eventId(),
                    "digest " + digest.digestSeq()
                            + " signed a different chain head for seq " + digest.fromSeq() + ".." + digest.toSeq()
                            + ": the chain was rewritten in that range");
        }
    }

    private static long lastSignedSeq(List<AuditDigest> digests) {
        long lastSigned = 0;
        for (AuditDigest digest : digests) {
            lastSigned = Math.max(lastSigned, digest.toSeq());
        }
        return lastSigned;
    }

    /** Reports a hash mismatch at {@code current}, classified; a hash that is not SHA-256 hex is a modification. */
    private static void reportMismatch(
            HashChain chain,
            StoredLink current,
            byte[] canonical,
            StoredLink next,
            String previous,
            String beforePrevious,
            Problems problems) {
        try {
            classifyMismatch(chain, current, canonical, next, previous, beforePrevious, problems);
        } catch (IllegalArgumentException malformedHash) {
            problems.add(
                    ProblemKind.MODIFIED,
                    current.seq(),
                    current.eventId(),
                    "the event's recorded hash (or its predecessor's) is not a SHA-256 hash");
        }
    }

    /** A stored hash as bytes, or {@code null} when it is not 64 hex digits (an edit, reported as a mismatch). */
    private static byte[] parseHash(String hex) {
        if (hex == null || hex.length() != 64) {
            return null;
        }
        try {
            return HashChain.parse(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void classifyMismatch(
            HashChain chain,
            StoredLink current,
            byte[] canonical,
            StoredLink next,
            String previous,
            String beforePrevious,
            Problems problems) {
        String id = current.eventId();
        if (next != null) {
            EventCanonicalForm.Writer nextWriter = new EventCanonicalForm.Writer();
            next.writeCanonical(nextWriter);
            byte[] nextCanonical = nextWriter.bytes();
            String nextOnPrevious = chain.link(previous, nextCanonical);
            if (chain.link(nextOnPrevious, canonical).equals(current.hash())) {
                problems.add(
                        ProblemKind.REORDERED,
                        current.seq(),
                        id,
                        "this event was recorded after event " + next.eventId() + " but now precedes it");
                return;
            }
            if (nextOnPrevious.equals(next.hash())) {
                problems.add(
                        ProblemKind.INSERTED,
                        current.seq(),
                        id,
                        "this event is not part of the chain: its successor chains to its predecessor");
                return;
            }
        }
        if (beforePrevious != null && chain.link(beforePrevious, canonical).equals(current.hash())) {
            problems.add(
                    ProblemKind.INSERTED,
                    current.seq() - 1,
                    null,
                    "an event was inserted before this one (event " + id + " chains to the event before it)");
            return;
        }
        problems.add(
                ProblemKind.MODIFIED,
                current.seq(),
                id,
                "the event does not match its recorded hash: a field was changed, or events before it were removed");
    }

    private Map<Long, AuditDigest> checkDigestChain(List<AuditDigest> sorted, Problems problems) {
        Map<Long, AuditDigest> byLastSeq = new HashMap<>();
        AuditDigest previous = null;
        for (AuditDigest digest : sorted) {
            if (!region.equals(digest.region())) {
                problems.add(
                        ProblemKind.DIGEST_CHAIN_BROKEN,
                        digest.toSeq(),
                        null,
                        "digest " + digest.digestSeq() + " belongs to region " + digest.region());
                continue;
            }
            checkSignature(digest, problems);
            checkLinkToPrevious(digest, previous, problems);
            byLastSeq.put(digest.toSeq(), digest);
            previous = digest;
        }
        return byLastSeq;
    }

    /** The digest must be signed by a trusted key, valid for the digest's seq, that it names. */
    private void checkSignature(AuditDigest digest, Problems problems) {
        TrustedKey trusted = keys.get(digest.keyId());
        PublicKey key = trusted == null ? null : trusted.publicKey();
        if (key == null) {
            problems.add(
                    ProblemKind.DIGEST_SIGNATURE_INVALID,
                    digest.toSeq(),
                    null,
                    "digest " + digest.digestSeq() + " names signing key " + abbreviate(digest.keyId())
                            + ", which is not a trusted audit key");
        } else if (!trusted.covers(digest.digestSeq())) {
            problems.add(
                    ProblemKind.DIGEST_SIGNATURE_INVALID,
                    digest.toSeq(),
                    null,
                    "digest " + digest.digestSeq() + " is signed by key " + abbreviate(digest.keyId())
                            + ", which signs only " + trusted.range());
        } else if (digest.signatureBytes() == null) {
            problems.add(
                    ProblemKind.DIGEST_SIGNATURE_INVALID,
                    digest.toSeq(),
                    null,
                    "digest " + digest.digestSeq() + " has a signature that is not base64");
        } else if (!DigestSigner.verify(digest, key, signatureProvider)) {
            problems.add(
                    ProblemKind.DIGEST_SIGNATURE_INVALID,
                    digest.toSeq(),
                    null,
                    "digest " + digest.digestSeq() + " is not signed by the audit key it names");
        }
    }

    /** The digest must follow {@code previous}: the next digest seq, chained to its hash, covering the next events. */
    private static void checkLinkToPrevious(AuditDigest digest, AuditDigest previous, Problems problems) {
        long expectedDigestSeq = previous == null ? 1 : previous.digestSeq() + 1;
        String expectedPrevious = previous == null ? HashChain.GENESIS : previous.hash();
        long expectedFrom = previous == null ? 1 : previous.toSeq() + 1;
        if (digest.digestSeq() != expectedDigestSeq) {
            problems.add(
                    ProblemKind.DIGEST_CHAIN_BROKEN,
                    digest.toSeq(),
                    null,
                    "digest " + expectedDigestSeq
                            + (digest.digestSeq() > expectedDigestSeq ? " is missing" : " appears twice"));
        } else if (!digest.previousDigestHash().equals(expectedPrevious)) {
            problems.add(
                    ProblemKind.DIGEST_CHAIN_BROKEN,
                    digest.toSeq(),
                    null,
                    "digest " + digest.digestSeq() + " does not chain to digest " + (digest.digestSeq() - 1));
        } else if (digest.fromSeq() != expectedFrom || digest.toSeq() < digest.fromSeq() - 1) {
            problems.add(
                    ProblemKind.DIGEST_CHAIN_BROKEN,
                    digest.toSeq(),
                    null,
                    "digest " + digest.digestSeq() + " covers seq " + digest.fromSeq() + ".." + digest.toSeq()
                            + ", expected to start at " + expectedFrom);
        }
    }

    /** A key id or other untrusted text, shortened for a message. */
    private static String abbreviate(String text) {
        String value = String.valueOf(text);
        return value.length() <= 16 ? value : value.substring(0, 16) + "...";
    }

    private static final class Problems {
        private final List<VerificationProblem> list = new ArrayList<>();
        private boolean truncated;

        void add(ProblemKind kind, long seq, String eventId, String message) {
            if (list.size() < MAX_PROBLEMS) {
                list.add(new VerificationProblem(kind, seq, eventId, message));
            } else {
                truncated = true;
            }
        }
    }
}

package dev.warden.audit.anchor;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.ProblemKind;
import dev.warden.audit.VerificationProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Compares a stored trail with what a trusted anchor recorded. Pure: the caller passes the stored digests, the last
 * stored seq and a lookup of stored hashes. The stored trail must contain every anchored checkpoint unchanged and
 * reach every anchored head with the same hash; anything less is a cut or a rewrite.
 */
public final class AnchorCheck {
    private AnchorCheck() {}

    public static List<VerificationProblem> check(
            AnchorLog anchor,
            List<AuditDigest> storedDigests,
            long storedLastSeq,
            LongFunction<Optional<String>> storedHashAt) {
        List<VerificationProblem> problems = new ArrayList<>();
        for (String line : anchor.malformed()) {
            problems.add(new VerificationProblem(ProblemKind.MALFORMED, 0, null, "anchor record unreadable, " + line));
        }
        checkCheckpoints(anchor, storedDigests, problems);
        checkSigningKeys(anchor, storedDigests, problems);
        checkHead(anchor, storedLastSeq, storedHashAt, problems);
        return problems;
    }

    /** Every anchored checkpoint must be in the trail, unchanged. */
    private static void checkCheckpoints(
            AnchorLog anchor, List<AuditDigest> storedDigests, List<VerificationProblem> problems) {
        Map<Long, AuditDigest> stored = new HashMap<>();
        long lastStoredDigest = 0;
        for (AuditDigest d : storedDigests) {
            stored.put(d.digestSeq(), d);
            lastStoredDigest = Math.max(lastStoredDigest, d.digestSeq());
        }
        for (AuditDigest trusted : anchor.checkpoints()) {
            AuditDigest mine = stored.get(trusted.digestSeq());
            if (mine == null) {
                problems.add(new VerificationProblem(
                        trusted.digestSeq() > lastStoredDigest
                                ? ProblemKind.SHORTER_THAN_ANCHOR
                                : ProblemKind.DIVERGES_FROM_ANCHOR,
                        trusted.toSeq(),
                        null,
                        "checkpoint " + trusted.digestSeq() + " (events up to seq " + trusted.toSeq()
                                + ") is anchored but missing from the trail"));
            } else if (!mine.hash().equals(trusted.hash())) {
                problems.add(new VerificationProblem(
                        ProblemKind.DIVERGES_FROM_ANCHOR,
                        trusted.toSeq(),
                        null,
                        "checkpoint " + trusted.digestSeq() + " in the trail differs from the anchored one"));
            }
        }
    }

    /** When the anchor records signing keys, each stored checkpoint must be signed by the key it names for it. */
    private static void checkSigningKeys(
            AnchorLog anchor, List<AuditDigest> storedDigests, List<VerificationProblem> problems) {
        if (!anchor.keys().isEmpty()) {
            for (AuditDigest d : storedDigests) {
                Optional<AnchoredKey> key = anchor.keyFor(d.digestSeq());
                if (key.isEmpty() || !key.get().keyId().equals(d.keyId())) {
                    problems.add(new VerificationProblem(
                            ProblemKind.DIGEST_SIGNATURE_INVALID,
                            d.toSeq(),
                            null,
                            "checkpoint " + d.digestSeq() + " is signed by key " + shortId(d.keyId())
                                    + ", but the anchor " + "names "
                                    + key.map(k -> "key " + shortId(k.keyId())).orElse("no key") + " for it"));
                }
            }
        }
    }

    /** The trail must reach the furthest anchored head, with the hash the anchor recorded. */
    private static void checkHead(
            AnchorLog anchor,
            long storedLastSeq,
            LongFunction<Optional<String>> storedHashAt,
            List<VerificationProblem> problems) {
        anchor.furthest().ifPresent(head -> {
            if (head.seq() > storedLastSeq) {
                problems.add(new VerificationProblem(
                        ProblemKind.SHORTER_THAN_ANCHOR,
                        head.seq(),
                        null,
                        "the anchor " + "records events up to seq " + head.seq() + " but the trail ends at seq "
                                + storedLastSeq));
            } else if (head.seq() > 0
                    && !storedHashAt.apply(head.seq()).map(head.hash()::equals).orElse(false)) {
                problems.add(new VerificationProblem(
                        ProblemKind.DIVERGES_FROM_ANCHOR,
                        head.seq(),
                        null,
                        "the event at seq " + head.seq() + " does not have the hash the anchor recorded"));
            }
        });
    }

    private static String shortId(String keyId) {
        String id = String.valueOf(keyId);
        return id.length() <= 16 ? id : id.substring(0, 16) + "...";
    }
}

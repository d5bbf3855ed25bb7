package dev.warden.audit.anchor;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.ProblemKind;
import dev.warden.audit.VerificationProblem;
import dev.warden.audit.witness.Cosignature;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the witnesses' countersignatures an anchor holds against keys the verifier trusts: each must be a valid
 * signature by one of them, and the checkpoint it countersigned must be in the trail unchanged. Pure: the caller
 * passes the anchor's cosignatures, the stored checkpoints and the witness keys.
 */
public final class CosignatureCheck {
    private CosignatureCheck() {}

    /** The problems found; {@code verified} receives the cosignatures that hold. */
    public static List<VerificationProblem> check(
            List<Cosignature> cosignatures,
            List<AuditDigest> stored,
            List<PublicKey> witnessKeys,
            List<Cosignature> verified) {
        List<VerificationProblem> problems = new ArrayList<>();
        for (Cosignature c : cosignatures) {
            boolean signed = witnessKeys.stream().anyMatch(c::verify);
            if (!signed) {
                problems.add(new VerificationProblem(
                        ProblemKind.COSIGNATURE_INVALID,
                        c.toSeq(),
                        null,
                        "the cosignature of checkpoint " + c.digestSeq() + " is not signed by a trusted witness key"));
                continue;
            }
            if (stored.stream().noneMatch(c::covers)) {
                problems.add(new VerificationProblem(
                        ProblemKind.DIVERGES_FROM_ANCHOR,
                        c.toSeq(),
                        null,
                        "a witness countersigned checkpoint " + c.digestSeq() + ", which the trail no longer holds"
                                + " unchanged"));
                continue;
            }
            verified.add(c);
        }
        return problems;
    }
}

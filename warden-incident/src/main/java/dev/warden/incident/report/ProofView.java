package dev.warden.incident.report;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.ChainedEvent;
import dev.warden.incident.service.IncidentTimeline;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit-chain proof section: where the incident's events sit in the region's chain, the signed digests that cover
 * them, whether the newest event is signed yet, and the commands that verify it all offline with the public key only.
 *
 * @param signed   one sentence: is the newest event inside a signed digest, and if not what to do
 * @param commands shell lines, in order: export the region's trail on the node, verify the export anywhere, and (when
 *                 the newest event is signed) prove that one event
 */
public record ProofView(
        String region,
        long events,
        String firstSeq,
        String lastSeq,
        List<DigestRow> digests,
        boolean complete,
        String signed,
        List<String> commands) {

    /** One signed digest covering part of the incident's events. */
    public record DigestRow(
            long digestSeq,
            String range,
            String headHash,
            String keyId,
            String signature,
            String merkleRoot,
            String signedAt) {}

    static ProofView of(PostmortemInput in) {
        IncidentTimeline.Proof proof = in.proof();
        List<DigestRow> rows = new ArrayList<>();
        for (AuditDigest d : proof.digests()) {
            rows.add(new DigestRow(
                    d.digestSeq(),
                    d.fromSeq() + ".." + d.toSeq(),
                    d.headHash(),
                    d.keyId(),
                    d.signature() == null ? ReportText.NONE : d.signature(),
                    d.merkleRoot() == null ? "none (version 1 digest)" : d.merkleRoot(),
                    ReportText.time(ReportText.ofNanos(d.createdAtNanos()))));
        }
        boolean empty = in.timeline().isEmpty();
        return new ProofView(
                in.region(),
                in.timeline().size(),
                empty ? ReportText.NONE : String.valueOf(proof.firstSeq()),
                empty ? ReportText.NONE : String.valueOf(proof.lastSeq()),
                rows,
                proof.complete(),
                signed(in, proof),
                empty ? List.of() : commands(in));
    }

    private static String signed(PostmortemInput in, IncidentTimeline.Proof proof) {
        if (in.timeline().isEmpty()) {
            return "The timeline holds no event: there is nothing to prove.";
        }
        if (proof.complete()) {
            long digest = proof.digests().stream()
                    .filter(d -> d.toSeq() >= proof.lastSeq())
                    .mapToLong(AuditDigest::digestSeq)
                    .min()
                    .orElseThrow();
            return "Yes: the newest event (seq " + proof.lastSeq() + ") is inside signed digest " + digest + ".";
        }
        long signedUpTo =
                proof.digests().stream().mapToLong(AuditDigest::toSeq).max().orElse(proof.firstSeq() - 1);
        return "Not yet: events after seq " + signedUpTo + " (up to seq " + proof.lastSeq() + ") are chained but not"
                + " inside a signed digest. The node signs them at its next checkpoint; write the post-mortem again"
                + " after it for a proof that covers them.";
    }

    /**
     * The export is offline (it reads the node's storage) and holds the whole chain of the region, digests first; the
     * verification needs only the export and an audit-signing public key, best a copy kept away from the node.
     */
    private static List<String> commands(PostmortemInput in) {
        String file = "incident-" + in.incident().id() + "-trail.jsonl";
        String region = shellWord(in.region(), "REGION");
        List<String> lines = new ArrayList<>();
        lines.add("warden audit export --data DIR --chain " + region + " --out " + file);
        lines.add("warden audit verify --export " + file + " --chain " + region + " --public-key audit-signing.pub");
        ChainedEvent last = in.timeline().get(in.timeline().size() - 1);
        // An event proof needs a version 2 checkpoint (one with a Merkle root) over the event: prove refuses otherwise.
        boolean provable =
                in.proof().digests().stream().anyMatch(d -> d.toSeq() >= last.seq() && d.merkleRoot() != null);
        if (provable) {
            ChainedEvent newest = in.timeline().get(in.timeline().size() - 1);
            String proofFile = "incident-" + in.incident().id() + "-event-" + newest.seq() + ".proof.json";
            lines.add("warden audit prove " + shellWord(newest.eventId(), "EVENT-ID") + " --data DIR --chain " + region
                    + " --out " + proofFile);
            lines.add("warden audit verify-proof " + proofFile + " --public-key audit-signing.pub");
        }
        return lines;
    }

    /**
     * A region or event id as it is when it is a plain name, as it always should be; else the placeholder, since a
     * command meant to be pasted into a shell must never carry a surprise.
     */
    private static String shellWord(String s, String placeholder) {
        return s != null && s.matches("[A-Za-z0-9._:-]{1,128}") ? s : placeholder;
    }
}

package dev.warden.audit;

import dev.warden.audit.anchor.AnchorLog;
import dev.warden.audit.anchor.AnchorSink;
import java.util.function.Supplier;

/**
 * What makes a trail trustworthy beyond its own database: the node that writes it (named in the events the trail
 * writes about itself), the seal over each committed head, and the anchors outside the database.
 *
 * @param sealer     seals each head; {@code null} only for tools that write a trail without a node (benchmarks):
 *                   then a restart signs whatever chains, as before seals existed
 * @param anchors    where checkpoints and admin heads are delivered after each commit
 * @param anchorLog  what the anchors recorded so far, read once at start
 */
public record AuditIntegrity(String node, HeadSealer sealer, AnchorSink anchors, Supplier<AnchorLog> anchorLog) {
    /** No seal and no anchor: a trail checked only against itself. */
    public static AuditIntegrity none(String node) {
        return new AuditIntegrity(node, null, AnchorSink.NONE, () -> AnchorLog.EMPTY);
    }
}

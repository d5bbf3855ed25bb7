package dev.warden.audit;

import dev.warden.audit.anchor.EpochStart;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the start check ({@link TrailRecovery}) found into what the writer commits before anything else: one
 * {@link AuditLog#TAMPERED_ACTION} event per finding, a checkpoint, and a new epoch that starts after what the node can
 * account for. What the node did not write is set aside: the head goes back to the last event it accounts for.
 */
final class TamperRecording {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    /** The epoch a commit starts, and where it sets events aside (both only when recovering). */
    record Recovery(EpochStart epoch, Long setAsideFrom) {}

    /** The events and the recovery to commit them with. */
    record Plan(List<Pending> events, Recovery recovery) {}

    private TamperRecording() {}

    /** The commit that records {@code found} (not empty); moves {@code head} back past what is set aside. */
    static Plan plan(List<TamperFinding> found, ChainHead head, String region, String node, LongSupplier now) {
        long epoch = head.epoch() + 1;
        List<Pending> events = new ArrayList<>();
        Long setAsideFrom = null;
        for (TamperFinding f : found) {
            LOG.error(
                    "ALERT audit trail of {} was tampered with: {} (seq {}..{}): {}; it is recorded in the trail and "
                            + "the chain goes on in epoch {}",
                    region,
                    f.kind(),
                    f.fromSeq(),
                    f.toSeq(),
                    f.detail(),
                    epoch);
            if (f.setsAside()) {
                setAsideFrom = f.fromSeq();
                head.setAsideAfter(f.accountedUpTo());
            }
            events.add(new Pending(
                    AuditEvent.builder(region, node)
                            .principal(AuditPrincipal.SYSTEM)
                            .action(AuditLog.TAMPERED_ACTION)
                            .resource(AuditArns.trail(region))
                            .result(AuditResult.ERROR)
                            .detail("kind", f.kind().name())
                            .detail("fromSeq", f.fromSeq())
                            .detail("toSeq", f.toSeq())
                            .detail("accountedUpTo", f.accountedUpTo())
                            .detail("epoch", epoch)
                            .detail("setAside", f.setsAside())
                            .detail("finding", f.detail())
                            .build(now.getAsLong()),
                    null));
        }
        events.add(Pending.checkpoint());
        EpochStart start = new EpochStart(
                region,
                epoch,
                head.lastSeq(),
                head.lastHash(),
                found.get(0).kind().name(),
                found.get(0).fromSeq(),
                found.get(found.size() - 1).toSeq(),
                now.getAsLong());
        return new Plan(events, new Recovery(start, setAsideFrom));
    }
}

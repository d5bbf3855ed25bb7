package dev.warden.audit.anchor;

import dev.warden.audit.AuditDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several anchors behind the one sink the writer calls. The required anchor (the file) fails closed: its exception
 * reaches the writer, which then refuses admin actions. The others are best effort (a witness that only enqueues):
 * whatever they throw is logged and swallowed, so a remote witness can never stop the trail.
 */
public final class AnchorSinks implements AnchorSink {
    private static final Logger LOG = LoggerFactory.getLogger(AnchorSinks.class);

    private final AnchorSink required;
    private final List<AnchorSink> bestEffort;

    private AnchorSinks(AnchorSink required, List<AnchorSink> bestEffort) {
        this.required = required;
        this.bestEffort = List.copyOf(bestEffort);
    }

    /** {@code required} first, then each of {@code bestEffort}. */
    public static AnchorSink of(AnchorSink required, AnchorSink... bestEffort) {
        return bestEffort.length == 0 ? required : new AnchorSinks(required, List.of(bestEffort));
    }

    @Override
    public void checkpoint(AuditDigest checkpoint) {
        required.checkpoint(checkpoint);
        bestEffort.forEach(sink -> quietly(() -> sink.checkpoint(checkpoint)));
    }

    @Override
    public void head(AnchoredHead head) {
        required.head(head);
        bestEffort.forEach(sink -> quietly(() -> sink.head(head)));
    }

    @Override
    public void epoch(EpochStart epoch) {
        required.epoch(epoch);
        bestEffort.forEach(sink -> quietly(() -> sink.epoch(epoch)));
    }

    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("a best-effort audit anchor failed; the trail goes on", e);
        }
    }
}

package dev.warden.compliance.engine;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.inventory.RegionIamView;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-runs REGION_IAM_STALE as the copy crosses its bound. A member's copy goes stale with time alone: no admin call,
 * no event, so the change triggers never fire, and the daily full run (what re-runs AUDIT_DIGEST_STALE) would report
 * a one-minute bound a day late. Running the check itself every few seconds would write a run and an audit event each
 * time; instead the node samples the replica's state (in memory and one row) on its scheduler, and this asks for a run
 * of the one check only when the check's answer changes: the finding opens within one sample of the bound passing and
 * resolves within one of the replica catching up. A node that is not a member never asks.
 *
 * <p>It starts from "not stale": a finding left open by a previous start is settled by the full run after start.
 */
public final class RegionIamWatch implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionIamWatch.class);
    private static final Duration FASTEST = Duration.ofMillis(250);
    private static final Duration SLOWEST = Duration.ofSeconds(5);
    private static final Set<CheckId> CHECK = EnumSet.of(CheckId.REGION_IAM_STALE);

    private final Supplier<RegionIamView> replica;
    private final Duration bound;
    private final BiFunction<Set<CheckId>, String, CompletableFuture<RunOutcome>> submit;
    /** The answer of the last run asked for. */
    private final AtomicBoolean reported = new AtomicBoolean(false);

    /**
     * @param replica the node's copy of IAM, as the inventory reads it
     * @param bound   the check's threshold ({@code ComplianceSettings.regionIamStaleAfter})
     * @param submit  queues a run of these checks with this trigger ({@link ComplianceWorker#submit})
     */
    public RegionIamWatch(
            Supplier<RegionIamView> replica,
            Duration bound,
            BiFunction<Set<CheckId>, String, CompletableFuture<RunOutcome>> submit) {
        this.replica = replica;
        this.bound = bound;
        this.submit = submit;
    }

    /** How often to sample for this bound: a quarter of it, between 250 ms and 5 s. */
    public static Duration period(Duration bound) {
        Duration quarter = bound.dividedBy(4);
        if (quarter.compareTo(FASTEST) < 0) {
            return FASTEST;
        }
        return quarter.compareTo(SLOWEST) > 0 ? SLOWEST : quarter;
    }

    /** One sample; asks for a run when the answer differs from the last one asked for. Never throws. */
    @Override
    public void run() {
        boolean stale;
        try {
            stale = replica.get().staleBeyond(bound);
        } catch (RuntimeException e) {
            // Left or joined under the sample: the next one sees the settled state.
            LOG.debug("the IAM replica could not be sampled", e);
            return;
        }
        if (reported.getAndSet(stale) == stale) {
            return;
        }
        CompletableFuture<RunOutcome> run;
        try {
            run = submit.apply(CHECK, "scheduled");
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e); // the worker is closing
        }
        run.whenComplete((outcome, failure) -> {
            if (failure != null || outcome.run().failed().contains(CheckId.REGION_IAM_STALE)) {
                // Not written: forget the answer (unless a later sample already changed it) so the next asks again.
                reported.compareAndSet(stale, !stale);
            }
        });
    }
}

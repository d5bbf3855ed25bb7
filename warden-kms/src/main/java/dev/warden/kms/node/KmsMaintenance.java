package dev.warden.kms.node;

import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KeyMetadata;
import dev.warden.kms.KeyState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KMS background jobs on the node's scheduler: after a rotation, re-wrapping the key's stored data keys under its
 * new primary version; and every {@link #SWEEP_INTERVAL}, purging keys whose deletion date has passed and finishing
 * any re-wrap that an earlier run did not. Both jobs are idempotent; their operations are audited by the service.
 */
public final class KmsMaintenance {
    public static final Duration SWEEP_INTERVAL = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(KmsMaintenance.class);

    private final KeyManagementService kms;
    private final ScheduledExecutorService scheduler;

    public KmsMaintenance(KeyManagementService kms, ScheduledExecutorService scheduler) {
        this.kms = kms;
        this.scheduler = scheduler;
    }

    /** Schedules the hourly sweep; the first one a minute after start. */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, 60, SWEEP_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    /** Queues the re-wrap of {@code keyArn}'s data keys, e.g. right after its rotation. */
    public void afterRotation(String keyArn) {
        scheduler.execute(() -> {
            try {
                int rewrapped = kms.rewrapDataKeys(keyArn);
                LOG.info("re-wrapped {} data keys of {} under its new primary version", rewrapped, keyArn);
            } catch (RuntimeException e) {
                LOG.warn("re-wrapping the data keys of {} failed; the hourly sweep retries: {}", keyArn, e.toString());
            }
        });
    }

    /** Purges due deletions, then re-wraps the data keys of every rotated, enabled key. */
    public void sweep() {
        List<String> purged = kms.purgeDueDeletions();
        if (!purged.isEmpty()) {
            LOG.info("purged keys past their deletion date: {}", purged);
        }
        for (KeyMetadata key : kms.listKeys()) {
            if (key.state() == KeyState.ENABLED && key.versions() > 1) {
                kms.rewrapDataKeys(key.arn());
            }
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // KmsException messages name keys and owners only; never plaintext or key material.
            LOG.error("KMS maintenance failed: {}", e.toString());
        }
    }
}

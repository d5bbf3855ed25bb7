package dev.warden.node;

import dev.warden.buckets.BucketStore;
import dev.warden.kms.node.KmsMaintenance;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.gateway.TrafficSummaries;
import dev.warden.registry.CertificateService;
import dev.warden.registry.CrlPublisher;
import dev.warden.telemetry.TelemetryStore;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's periodic work on its one scheduler thread: CRL refresh, the end of rotation overlaps, traffic summaries,
 * the console's traffic per minute, KMS maintenance, telemetry and bucket retention. A failed pass is logged and the next one runs as planned: one bad
 * pass must not stop revocation lists from being refreshed.
 */
final class NodeSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSchedule.class);

    private NodeSchedule() {}

    /** The parts whose periodic work the node runs. */
    record Parts(
            WardenConfig config,
            CrlPublisher crl,
            CertificateService certificates,
            TrafficSummaries traffic,
            KmsMaintenance kmsMaintenance,
            TelemetryStore telemetry,
            BucketStore buckets,
            NodeTraffic consoleTraffic,
            Clock clock) {}

    static void start(ScheduledExecutorService scheduler, Parts p) {
        long refreshSeconds = p.config().crlRefresh().toSeconds();
        scheduler.scheduleAtFixedRate(
                () -> runQuietly("CRL refresh", p.crl()::rebuild), refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("rotation overlap", p.certificates()::deactivateDue), 30, 30, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(
                () -> runQuietly("traffic summaries", p.traffic()::flush), 60, 60, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(
                () -> runQuietly("console traffic sample", p.consoleTraffic()::sample), 0, 60, TimeUnit.SECONDS);
        p.kmsMaintenance().start();
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("telemetry retention", () -> applyTelemetryRetention(p)), 1, 60, TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly(
                        "bucket retention",
                        () -> p.buckets().applyRetention(p.clock().instant())),
                1,
                60,
                TimeUnit.MINUTES);
    }

    /** Deletes telemetry older than {@code telemetry-retention-days}. */
    private static void applyTelemetryRetention(Parts p) {
        var retention = p.config().telemetry().retention();
        int deleted = p.telemetry().deleteReceivedBefore(p.clock().instant().minus(retention));
        if (deleted > 0) {
            LOG.info("Telemetry retention: deleted {} messages older than {} days", deleted, retention.toDays());
        }
    }

    private static void runQuietly(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("{} failed", what, e);
        }
    }
}

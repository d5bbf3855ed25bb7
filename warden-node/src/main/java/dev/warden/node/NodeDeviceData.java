package dev.warden.node;

import dev.warden.audit.NodeAudit;
import dev.warden.buckets.BucketStore;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KeyOrigin;
import dev.warden.kms.node.DefaultKey;
import dev.warden.node.config.WardenConfig;
import dev.warden.storage.Database;
import dev.warden.telemetry.TelemetryRecorder;
import dev.warden.telemetry.TelemetryStore;
import dev.warden.telemetry.sessions.EncryptedSessionStore;
import dev.warden.telemetry.sessions.ThingSessions;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What devices leave on the node, each part encrypted under KMS keys: stored telemetry and its writer, persistent MQTT
 * sessions, buckets, firmware releases with their update metadata, the jobs that roll them out, and the public keys of
 * end-to-end recipients.
 */
record NodeDeviceData(
        TelemetryStore telemetry,
        TelemetryRecorder recorder,
        ThingSessions sessions,
        BucketStore buckets,
        NodeFirmware firmware,
        NodeJobs jobs,
        NodeE2e e2e) {

    /** Where devices fetch update metadata (public HTTP) and images (HTTPS); known once the listeners have started. */
    record Urls(Supplier<String> publicBase, Supplier<String> adminBase) {}

    static NodeDeviceData open(
            WardenConfig config,
            Database database,
            KeyManagementService kms,
            NodeAudit audit,
            ScheduledExecutorService scheduler,
            Urls urls,
            Clock clock) {
        TelemetryStore telemetry = new TelemetryStore(database, kms, DefaultKey.NAME, clock);
        TelemetryRecorder recorder =
                new TelemetryRecorder(telemetry, config.telemetry().queueCapacity()).start();
        // Persistent MQTT sessions are stored under each thing's data key too, so an erasure shreds them as well.
        ThingSessions sessions = new ThingSessions(new EncryptedSessionStore(
                database, telemetry.dataKeys(), config.region(), config.account(), clock, audit));
        BucketStore buckets = new BucketStore(database, kms, DefaultKey.NAME, config.account(), clock);
        KeyOrigin tufKeyOrigin = config.firmwareKeysInHsm() ? KeyOrigin.HSM : KeyOrigin.KMS;
        NodeFirmware firmware = new NodeFirmware(
                        database, buckets, kms, tufKeyOrigin, config.region(), config.account(), clock)
                .start(scheduler);
        NodeE2e e2e = new NodeE2e(database, config.region(), clock);
        NodeJobs jobs = new NodeJobs(
                database,
                (job, thing) -> firmware.document(job, thing, urls.publicBase(), urls.adminBase()),
                audit,
                config.region(),
                config.account(),
                clock);
        return new NodeDeviceData(telemetry, recorder, sessions, buckets, firmware, jobs, e2e);
    }
}

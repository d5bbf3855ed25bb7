package dev.warden.node;

import dev.warden.buckets.BucketStore;
import dev.warden.firmware.FirmwareRelease;
import dev.warden.firmware.FirmwareService;
import dev.warden.firmware.ImageGrants;
import dev.warden.firmware.images.ImageStore;
import dev.warden.firmware.repository.Expiries;
import dev.warden.firmware.repository.UpdateRepository;
import dev.warden.jobs.Job;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KeyOrigin;
import dev.warden.storage.Database;
import dev.warden.tuf.TopLevelRole;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firmware in the node: releases in the firmware bucket, each thing type's update metadata signed by four KMS keys
 * ({@code warden-tuf-<role>}, ECDSA P-256, created on first start, never exported; of origin HSM when the node's
 * {@code firmware-key-origin} says so), renewed every hour before it expires, and download grants for devices.
 */
final class NodeFirmware {
    private static final Logger LOG = LoggerFactory.getLogger(NodeFirmware.class);
    static final String KEY_PREFIX = "warden-tuf-";

    private final FirmwareService service;
    private final UpdateRepository repository;
    private final ImageGrants grants;
    private final TufSigningKeys keys;
    private final Clock clock;

    NodeFirmware(
            Database db,
            BucketStore buckets,
            KeyManagementService kms,
            KeyOrigin keyOrigin,
            String region,
            String account,
            Clock clock) {
        this.clock = clock;
        this.service = new FirmwareService(db, new ImageStore(buckets), region, clock);
        this.keys = new TufSigningKeys(kms, keyOrigin, account, clock);
        this.repository = new UpdateRepository(db, region, keys, Expiries.defaults(), clock);
        this.grants = new ImageGrants(new SecureRandom());
        service.listener(type -> {
            try {
                repository.publish(type, service.list(type));
            } catch (RuntimeException e) {
                // The release is committed; the hourly pass signs its metadata once the keys sign again.
                LOG.error("update metadata of {} not signed now; retried within the hour", type, e);
            }
        });
    }

    NodeFirmware start(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(this::renew, 1, 60, TimeUnit.MINUTES);
        return this;
    }

    FirmwareService service() {
        return service;
    }

    UpdateRepository repository() {
        return repository;
    }

    ImageGrants grants() {
        return grants;
    }

    /**
     * What a device is told to install for {@code job}: the release, where its update metadata is ({@code metadata},
     * public), and a one-hour download URL for it alone ({@code images}, to use as a TUF client's target base URL).
     */
    Map<String, Object> document(Job job, String thing, Supplier<String> publicUrl, Supplier<String> adminUrl) {
        FirmwareRelease release = service.release(job.thingType(), job.version());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("operation", "firmware-update");
        doc.put("thingType", release.thingType());
        doc.put("version", release.version().text());
        doc.put("target", release.targetPath());
        doc.put("length", release.length());
        doc.put("sha256", release.sha256());
        doc.put("metadata", publicUrl.get() + "/tuf/" + release.thingType() + "/");
        String grant = grants.issue(
                thing,
                release.thingType(),
                release.version().text(),
                clock.instant().plus(ImageGrants.LIFETIME));
        doc.put("images", adminUrl.get() + "/firmware/images/" + grant + "/");
        return doc;
    }

    /**
     * Replaces {@code role}'s signing key: a new KMS key, new metadata for every thing type (a new root listing it,
     * vouched for by the old root key when the root key is the one replaced), then the old key scheduled for deletion,
     * which revokes it (no current root lists it). Returns what was done.
     */
    synchronized Map<String, Object> rotate(TopLevelRole role) {
        String created = keys.rotate(role);
        List<String> types = service.thingTypes();
        for (String type : types) {
            repository.publish(type, service.list(type));
        }
        List<String> retired = keys.retire(role);
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("role", role.jsonName());
        done.put("key", created);
        done.put("keyId", keys.signer(role).key().keyId());
        done.put("retired", retired);
        done.put("thingTypes", types);
        return done;
    }

    private void renew() {
        try {
            for (String type : service.thingTypes()) {
                if (repository.publishIfChanged(type, service.list(type))) {
                    LOG.warn("Update metadata of {} signed now: a change of its releases had not been", type);
                }
            }
            int written = repository.renew();
            if (written > 0) {
                LOG.info("Update metadata: {} files signed again before they expire", written);
            }
        } catch (RuntimeException e) {
            LOG.error("update metadata could not be renewed; retried in an hour", e);
        }
    }
}

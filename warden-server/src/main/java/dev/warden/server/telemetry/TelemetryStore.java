package dev.warden.server.telemetry;

import com.google.crypto.tink.Aead;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.storage.Database;
import dev.warden.storage.DatabaseLocation;
import dev.warden.storage.TimeOrderedIds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device data at rest: telemetry rows whose payloads are encrypted under their thing's data key (AES-256-GCM from
 * the region's KMS, owner {@code thing/<name>}), tagged with the node's region, queried by thing and time, and
 * erased by crypto-shredding. Payloads never reach the database, the logs or an exception message in the clear.
 */
public final class TelemetryStore {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryStore.class);

    /** Rows stored between two yields of the writer thread. */
    private static final int YIELD_EVERY = 32;

    private final Database db;
    private final KeyManagementService kms;
    private final ThingDataKeys keys;
    private final String region;
    private final AtomicLong seq = new AtomicLong();
    /** Things erased since start; their messages are refused without asking the KMS (and auditing) each time. */
    private final Set<String> erased = ConcurrentHashMap.newKeySet();
    /** Held by a batch write and by an erasure, so no row of a thing is written after its erasure deleted its rows. */
    private final Object writeLock = new Object();

    /** @param keyRef the KMS key that wraps every thing's data key (the node's built-in key) */
    public TelemetryStore(Database db, KeyManagementService kms, String keyRef, Clock clock) {
        this.db = db;
        this.kms = kms;
        this.keys = new ThingDataKeys(db, kms, keyRef, clock);
        this.region = kms.region();
    }

    /** The outcome of one {@link #append}. */
    record Appended(int stored, int refused) {}

    /**
     * Encrypts and stores a batch in one transaction. Messages of a thing whose data key was destroyed are refused
     * (counted, not stored): after an erasure, nothing new of that thing is kept until it is enrolled afresh under
     * another name.
     */
    Appended append(List<AcceptedPublish> batch) {
        synchronized (writeLock) {
            List<StoredTelemetry> rows = new ArrayList<>(batch.size());
            int refused = 0;
            for (AcceptedPublish publish : batch) {
                Optional<StoredTelemetry> row = encrypt(publish);
                if (row.isPresent()) {
                    rows.add(row.get());
                } else {
                    refused++;
                }
            }
            if (!rows.isEmpty()) {
                db.useTransaction(h -> {
                    TelemetryDao dao = new TelemetryDao(h);
                    for (int from = 0; from < rows.size(); from += YIELD_EVERY) {
                        dao.insert(rows.subList(from, Math.min(rows.size(), from + YIELD_EVERY)));
                        // Storing shares the cores with the gateway's I/O threads: in slices, so a message waiting
                        // to be routed is not held up behind a whole batch (p99 at 16,000 msg/s: 4.5 ms, 1 ms
                        // with storage off).
                        Thread.yield();
                    }
                });
            }
            return new Appended(rows.size(), refused);
        }
    }

    /** One message encrypted into its row, or empty for an erased thing (package-private for the ingestion benchmark). */
    Optional<StoredTelemetry> encrypt(AcceptedPublish publish) {
        String thing = publish.identity().thingName();
        if (erased.contains(thing)) {
            return Optional.empty();
        }
        Aead aead;
        try {
            aead = keys.forWriting(thing);
        } catch (KmsException e) {
            if (e.reason() != KmsReason.KEY_DESTROYED) {
                throw e;
            }
            erased.add(thing);
            LOG.info("Telemetry of {} is no longer stored: its data key was destroyed", thing);
            return Optional.empty();
        }
        long receivedAt = publish.receivedAtMillis();
        String id = TimeOrderedIds.next(receivedAt);
        long n = seq.incrementAndGet();
        byte[] ciphertext;
        try {
            ciphertext = aead.encrypt(publish.payload(), associatedData(id, thing, receivedAt, n, publish.topic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("telemetry encryption failed (" + e.getClass().getSimpleName() + ")");
        }
        return Optional.of(new StoredTelemetry(id, region, thing, receivedAt, n, publish.topic(),
                Base64.getEncoder().encodeToString(ciphertext)));
    }

    /**
     * Decrypted messages of {@code thing} received in [{@code from}, {@code to}), oldest first.
     *
     * @throws KmsException {@link KmsReason#KEY_DESTROYED} if rows of an erased thing are still being deleted
     */
    public List<TelemetryMessage> query(String thing, Instant from, Instant to, int limit) {
        List<StoredTelemetry> rows = storedRows(thing, from, to, limit);
        if (rows.isEmpty() || erased.contains(thing)) {
            return List.of();
        }
        List<TelemetryMessage> messages = new ArrayList<>(rows.size());
        for (StoredTelemetry row : rows) {
            messages.add(new TelemetryMessage(row.id(), row.thing(), row.region(),
                    Instant.ofEpochMilli(row.receivedAtMillis()), row.topic(), decrypt(row)));
        }
        return messages;
    }

    /** The rows as stored (payloads encrypted), for export and for tests that keep a copy past an erasure. */
    public List<StoredTelemetry> storedRows(String thing, Instant from, Instant to, int limit) {
        return db.read(h -> new TelemetryDao(h).find(region, thing, from.toEpochMilli(), to.toEpochMilli(), limit));
    }

    /** Each thing's data key, shared with whatever else stores the thing's data encrypted (its MQTT sessions). */
    public ThingDataKeys dataKeys() {
        return keys;
    }

    /** The stored wrapping of the thing's data key, if it has one. */
    public Optional<String> wrappedDataKey(String thing) {
        return keys.wrapped(thing);
    }

    /**
     * Decrypts one row with the thing's current key.
     *
     * @throws KmsException {@link KmsReason#KEY_DESTROYED} once the thing is erased,
     *                      {@link KmsReason#DECRYPTION_FAILED} if the row was altered or moved
     */
    public byte[] decrypt(StoredTelemetry row) {
        Aead aead = keys.forReading(row.thing()).orElseThrow(() -> new KmsException(KmsReason.DECRYPTION_FAILED,
                "thing '" + row.thing() + "' has no telemetry data key"));
        return decrypt(row, aead);
    }

    /** Decrypts a row with a wrapping saved beside it: after an erasure the KMS refuses to unwrap it (KEY_DESTROYED). */
    public byte[] decrypt(StoredTelemetry row, String wrappedDataKey) {
        return decrypt(row, keys.unwrap(row.thing(), wrappedDataKey));
    }

    private byte[] decrypt(StoredTelemetry row, Aead aead) {
        if (!region.equals(row.region())) {
            throw new KmsException(KmsReason.WRONG_REGION, "telemetry of region '" + row.region() + "'");
        }
        try {
            return aead.decrypt(Base64.getDecoder().decode(row.ciphertextBase64()),
                    associatedData(row.id(), row.thing(), row.receivedAtMillis(), row.seq(), row.topic()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KmsException(KmsReason.DECRYPTION_FAILED, "telemetry record '" + row.id() + "' of thing '"
                    + row.thing() + "' failed authentication");
        }
    }

    /**
     * Crypto-shredding (GDPR right to erasure): destroys the thing's data key in the KMS first, so that every copy
     * of its records (exports, rows copied aside with their key's wrapping) becomes unreadable through the KMS, then
     * deletes the rows and the key's wrapping here. Irreversible: the KMS never gives that owner a key again, so the
     * thing's name stores no telemetry afterwards. Erasing an already erased thing deletes whatever is left. (A
     * database backup from before the erasure still holds the wrapping; backups need a retention of their own.)
     */
    public ThingErasure erase(String thing) {
        String owner = ThingDataKeys.owner(thing);
        synchronized (writeLock) {
            keys.forget(thing);
            kms.destroyDataKey(owner);
            erased.add(thing);
            int[] counts = db.inTransaction(h -> {
                if (sqlite()) {
                    // Overwrites freed pages, so the deleted wrapping does not linger in the file.
                    h.execute("PRAGMA secure_delete = ON");
                }
                TelemetryDao dao = new TelemetryDao(h);
                return new int[] {dao.deleteThing(region, thing), dao.deleteKey(region, thing)};
            });
            keys.forget(thing);
            checkpointSqlite();
            return new ThingErasure(thing, owner, counts[0], counts[1]);
        }
    }

    /** WAL frames from before the deletion still hold the old pages; a truncating checkpoint drops them (best effort). */
    private void checkpointSqlite() {
        if (!sqlite()) {
            return;
        }
        try {
            db.read(h -> h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list());
        } catch (RuntimeException e) {
            LOG.warn("WAL checkpoint after an erasure failed ({}); old frames go at the next checkpoint",
                    e.getClass().getSimpleName());
        }
    }

    private boolean sqlite() {
        return db.location().kind() == DatabaseLocation.Kind.SQLITE;
    }

    /** Retention: deletes every row of this region received before {@code cutoff}; returns how many. */
    public int deleteReceivedBefore(Instant cutoff) {
        return db.inTransaction(h -> new TelemetryDao(h).deleteReceivedBefore(region, cutoff.toEpochMilli()));
    }

    /** Binds a ciphertext to its row: moved to another id, thing, region, time or topic it fails authentication. */
    private byte[] associatedData(String id, String thing, long receivedAt, long n, String topic) {
        return String.join("\u0000", "warden-telemetry-v1", region, thing, id, Long.toString(receivedAt),
                Long.toString(n), topic).getBytes(StandardCharsets.UTF_8);
    }
}

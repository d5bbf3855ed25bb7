package dev.warden.telemetry;

import com.google.crypto.tink.Aead;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.storage.Database;
import dev.warden.storage.DatabaseLocation;
import dev.warden.storage.TimeOrderedIds;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device data at rest: each thing's messages sealed together into segments under the thing's data key (AES-256-GCM
 * from the region's KMS, owner {@code thing/<name>}), tagged with the node's region, queried by thing and time, and
 * erased by crypto-shredding. Payloads and topics never reach the database, the logs or an exception message in the
 * clear.
 */
public final class TelemetryStore {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryStore.class);

    /** Segments stored between two yields of the writer thread. */
    private static final int YIELD_EVERY = 32;
    /** Segments read per query round trip. */
    private static final int QUERY_PAGE = 64;

    private final Database db;
    private final KeyManagementService kms;
    private final ThingDataKeys keys;
    private final String region;
    private final SegmentCipher cipher;
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
        this.cipher = new SegmentCipher(region);
    }

    /** The outcome of one {@link #append}: messages stored and refused, and the segments they were stored in. */
    record Appended(int stored, int refused, int segments) {}

    /**
     * Encrypts and stores a batch in one transaction, each thing's messages sealed together into segments. Messages of
     * a thing whose data key was destroyed are refused (counted, not stored): after an erasure, nothing new of that
     * thing is kept until it is enrolled afresh under another name.
     */
    Appended append(List<AcceptedPublish> batch) {
        synchronized (writeLock) {
            List<TelemetrySegment> segments = new ArrayList<>();
            int stored = 0;
            for (List<AcceptedPublish> messages : SegmentPlan.split(batch)) {
                Optional<TelemetrySegment> segment = seal(messages);
                if (segment.isPresent()) {
                    segments.add(segment.get());
                    stored += messages.size();
                }
            }
            if (!segments.isEmpty()) {
                db.useTransaction(h -> {
                    TelemetryDao dao = new TelemetryDao(h);
                    for (int from = 0; from < segments.size(); from += YIELD_EVERY) {
                        dao.insert(segments.subList(from, Math.min(segments.size(), from + YIELD_EVERY)));
                        // Storing shares the cores with the gateway's I/O threads: in slices, so a message waiting
                        // to be routed is not held up behind a whole batch (p99 at 16,000 msg/s: 4.5 ms, 1 ms
                        // with storage off).
                        Thread.yield();
                    }
                });
            }
            return new Appended(stored, batch.size() - stored, segments.size());
        }
    }

    /**
     * One thing's messages (from {@link SegmentPlan#split}) sealed into a segment, or empty for an erased thing
     * (package-private for the ingestion benchmark).
     */
    Optional<TelemetrySegment> seal(List<AcceptedPublish> messages) {
        String thing = messages.get(0).identity().thingName();
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
        return Optional.of(cipher.seal(thing, entries(messages), aead));
    }

    /** Each message with its id and sequence number, as it goes into a segment. */
    List<TelemetryEntry> entries(List<AcceptedPublish> messages) {
        List<TelemetryEntry> entries = new ArrayList<>(messages.size());
        for (AcceptedPublish p : messages) {
            long receivedAt = p.receivedAtMillis();
            entries.add(new TelemetryEntry(
                    TimeOrderedIds.nextUuid(receivedAt), receivedAt, seq.incrementAndGet(), p.topic(), p.payload()));
        }
        return entries;
    }

    /**
     * The segment's clear fields for {@code entries}, without a ciphertext yet; its id is the time-ordered id of its
     * first message.
     */
    TelemetrySegment describe(String thing, List<TelemetryEntry> entries) {
        return cipher.describe(thing, entries);
    }

    /**
     * Decrypted messages of {@code thing} received in [{@code from}, {@code to}), oldest first.
     *
     * @throws KmsException {@link KmsReason#KEY_DESTROYED} if rows of an erased thing are still being deleted
     */
    public List<TelemetryMessage> query(String thing, Instant from, Instant to, int limit) {
        if (erased.contains(thing)) {
            return List.of();
        }
        long fromMillis = from.toEpochMilli();
        long toMillis = to.toEpochMilli();
        List<Found> found = new ArrayList<>();
        for (LegacyTelemetryRow row :
                db.read(h -> new TelemetryDao(h).legacyRows(region, thing, fromMillis, toMillis, limit))) {
            found.add(new Found(
                    new TelemetryMessage(
                            row.id(),
                            thing,
                            region,
                            Instant.ofEpochMilli(row.receivedAtMillis()),
                            row.topic(),
                            decryptLegacy(row)),
                    row.seq()));
        }
        long cutoff = Long.MAX_VALUE;
        for (int offset = 0; ; offset += QUERY_PAGE) {
            int skip = offset;
            List<TelemetrySegment> page = db.read(h -> new TelemetryDao(h)
                    .segmentsStarting(
                            region,
                            thing,
                            saturatedMinus(fromMillis, SegmentPlan.MAX_SPAN_MILLIS),
                            toMillis,
                            QUERY_PAGE,
                            skip));
            for (TelemetrySegment segment : page) {
                if (segment.firstAtMillis() > cutoff) {
                    return messages(found);
                }
                if (segment.lastAtMillis() < fromMillis) {
                    continue;
                }
                List<TelemetryEntry> entries = cipher.open(segment, aeadFor(thing));
                for (int i = 0; i < entries.size(); i++) {
                    TelemetryEntry e = entries.get(i);
                    if (e.receivedAtMillis() >= fromMillis && e.receivedAtMillis() < toMillis) {
                        found.add(new Found(SegmentCipher.message(segment, i, e), e.seq()));
                    }
                }
                if (found.size() >= limit) {
                    // Segments start in order; one starting after the limit-th message found so far has nothing older.
                    found.sort(Found.ORDER);
                    found.subList(limit, found.size()).clear();
                    cutoff = found.get(limit - 1).message().receivedAt().toEpochMilli();
                }
            }
            if (page.size() < QUERY_PAGE) {
                return messages(found);
            }
        }
    }

    private List<TelemetryMessage> messages(List<Found> found) {
        found.sort(Found.ORDER);
        return found.stream().map(Found::message).toList();
    }

    /** A message found by a query, with the sequence number that orders it among those of the same millisecond. */
    private record Found(TelemetryMessage message, long seq) {
        static final Comparator<Found> ORDER = Comparator.<Found>comparingLong(
                        f -> f.message().receivedAt().toEpochMilli())
                .thenComparingLong(Found::seq);
    }

    private static long saturatedMinus(long millis, long span) {
        return millis < Long.MIN_VALUE + span ? Long.MIN_VALUE : millis - span;
    }

    /** The segments as stored (encrypted) that start in [{@code from}, {@code to}), for tests that keep a copy. */
    public List<TelemetrySegment> storedSegments(String thing, Instant from, Instant to, int limit) {
        return db.read(h ->
                new TelemetryDao(h).segmentsStarting(region, thing, from.toEpochMilli(), to.toEpochMilli(), limit, 0));
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
     * Decrypts one segment with the thing's current key.
     *
     * @throws KmsException {@link KmsReason#KEY_DESTROYED} once the thing is erased,
     *                      {@link KmsReason#DECRYPTION_FAILED} if the segment was altered or moved
     */
    public List<TelemetryMessage> open(TelemetrySegment segment) {
        return SegmentCipher.messages(segment, cipher.open(segment, aeadFor(segment.thing())));
    }

    /** Decrypts a segment with a wrapping saved beside it: after an erasure the KMS refuses to unwrap it (KEY_DESTROYED). */
    public List<TelemetryMessage> open(TelemetrySegment segment, String wrappedDataKey) {
        return SegmentCipher.messages(segment, cipher.open(segment, keys.unwrap(segment.thing(), wrappedDataKey)));
    }

    private Aead aeadFor(String thing) {
        return keys.forReading(thing)
                .orElseThrow(() -> new KmsException(
                        KmsReason.DECRYPTION_FAILED, "thing '" + thing + "' has no telemetry data key"));
    }

    private byte[] decryptLegacy(LegacyTelemetryRow row) {
        cipher.checkRegion(row.region());
        try {
            return aeadFor(row.thing())
                    .decrypt(
                            Base64.getDecoder().decode(row.ciphertextBase64()),
                            SegmentCipher.legacyAssociatedData(row));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KmsException(
                    KmsReason.DECRYPTION_FAILED,
                    "telemetry record '" + row.id() + "' of thing '" + row.thing() + "' failed authentication");
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
            db.read(h ->
                    h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list());
        } catch (RuntimeException e) {
            LOG.warn(
                    "WAL checkpoint after an erasure failed ({}); old frames go at the next checkpoint",
                    e.getClass().getSimpleName());
        }
    }

    private boolean sqlite() {
        return db.location().kind() == DatabaseLocation.Kind.SQLITE;
    }

    // Failover (issue 24): a failed-over region's devices are served by its standby, which keeps their data apart,
    // under guest names, and hands it back when the home region returns.

    /**
     * The name under which a standby keeps the data of {@code thing} of {@code homeRegion}: no thing name holds a
     * '/', so it never mixes with this region's own things, and each guest thing has a data key of its own.
     */
    public static String guestThing(String homeRegion, String thing) {
        return homeRegion + "/" + thing;
    }

    /** The guest things of {@code homeRegion} that have data here (see {@link #guestThing}). */
    public List<String> guestThings(String homeRegion) {
        return db.read(h -> new TelemetryDao(h).thingsStartingWith(region, homeRegion + "/"));
    }

    /** Deletes the segments {@code ids} of {@code thing} once their messages were handed back; returns how many. */
    public int deleteSegments(String thing, List<String> ids) {
        synchronized (writeLock) {
            return db.inTransaction(h -> new TelemetryDao(h).deleteSegments(region, thing, ids));
        }
    }

    /**
     * Stores messages of {@code thing} received elsewhere (a standby handing back what it kept during a failover),
     * encrypted under this region's key of the thing as if received here; returns how many were stored.
     */
    public int restore(String thing, List<TelemetryMessage> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        DeviceIdentity owner = new DeviceIdentity(thing, "0", "handed-back", Map.of());
        List<AcceptedPublish> batch = new ArrayList<>(messages.size());
        for (TelemetryMessage m : messages) {
            batch.add(new AcceptedPublish(
                    owner,
                    thing,
                    m.topic(),
                    m.payload(),
                    1,
                    false,
                    m.receivedAt().toEpochMilli()));
        }
        return append(batch).stored();
    }

    /** Retention: deletes every row of this region received before {@code cutoff}; returns how many. */
    public int deleteReceivedBefore(Instant cutoff) {
        return db.inTransaction(h -> new TelemetryDao(h).deleteReceivedBefore(region, cutoff.toEpochMilli()));
    }
}

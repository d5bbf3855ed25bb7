package dev.warden.buckets;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-region replication of buckets (S3 CRR): a bucket's rule, the outbox that makes it durable, the sender that
 * drains it, and the destination's side that keeps replicas. A put or delete under a rule queues its key in the same
 * transaction as the object; the {@code warden-bucket-replication} thread sends each queued key's current state
 * through {@link ReplicationTargets} and removes the row only once it arrived, so a cut link delays replication and
 * loses nothing. Only objects written after the rule are replicated (as in S3). Replicas are read-only for writers.
 */
public final class BucketReplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BucketReplication.class);
    private static final int BATCH = 50;
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    private static final Duration REFUSED_RETRY = Duration.ofMinutes(1);

    private final BucketStore store;
    private final String region;
    private final Clock clock;
    private volatile ReplicationTargets targets = ReplicationTargets.NONE;
    private ScheduledExecutorService sender;

    BucketReplication(BucketStore store, String region, Clock clock) {
        this.store = store;
        this.region = region;
        this.clock = clock;
    }

    /** Sends queued replicas through {@code to} from now on, every 200 ms. */
    public synchronized BucketReplication start(ReplicationTargets to) {
        targets = to;
        if (sender == null) {
            sender = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "warden-bucket-replication");
                t.setDaemon(true);
                return t;
            });
            sender.scheduleWithFixedDelay(this::drainQuietly, 200, 200, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Sets a bucket's rule, refused unless {@link ReplicationTargets#requireAllowed} allows the destination now. */
    public ReplicationRule put(String name, String destination, String prefix) {
        Bucket bucket = store.bucket(name);
        requireWritable(bucket);
        String keys = prefix == null ? "" : prefix;
        if (keys.getBytes(StandardCharsets.UTF_8).length > BucketStore.MAX_KEY_BYTES
                || keys.chars().anyMatch(Character::isISOControl)) {
            throw new BucketException(BucketReason.INVALID_OBJECT_KEY, "a prefix is an object key's beginning");
        }
        if (destination == null || destination.isBlank()) {
            throw new BucketException(BucketReason.INVALID_REPLICATION_DESTINATION, "a destination region is required");
        }
        targets.requireAllowed(destination);
        ReplicationRule rule =
                new ReplicationRule(name, destination, keys, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        db().useTransaction(h -> new ReplicationDao(h).putRule(region, bucket, rule));
        return rule;
    }

    public ReplicationState get(String name) {
        Bucket bucket = store.bucket(name);
        return db().read(h -> {
            ReplicationDao dao = new ReplicationDao(h);
            ReplicationRule rule = dao.rule(region, bucket).orElseThrow(() -> noRule(name));
            return new ReplicationState(
                    rule,
                    dao.pending(region, bucket.id()),
                    dao.lastError(region, bucket.id()).orElse(null));
        });
    }

    /** Removes the rule; keys already queued are still sent (they were written while it held). */
    public void delete(String name) {
        Bucket bucket = store.bucket(name);
        if (db().inTransaction(h -> new ReplicationDao(h).deleteRule(region, bucket.id())) == 0) {
            throw noRule(name);
        }
    }

    /** Every bucket's rule in this region (for compliance: which may no longer be allowed). */
    public List<ReplicationRule> rules() {
        return store.list().stream()
                .flatMap(b -> db().read(h -> new ReplicationDao(h).rule(region, b)).stream())
                .toList();
    }

    /** Why {@code rule}'s destination would be refused now (the jurisdictions may have changed since), if it would. */
    public Optional<BucketReason> refusal(ReplicationRule rule) {
        try {
            targets.requireAllowed(rule.destination());
            return Optional.empty();
        } catch (BucketException e) {
            return Optional.of(e.reason());
        }
    }

    /** The region a bucket is a replica of, if it is one. */
    public Optional<String> replicaSource(Bucket bucket) {
        return db().read(h -> new ReplicationDao(h).replicaSource(region, bucket.id()));
    }

    void requireWritable(Bucket bucket) {
        replicaSource(bucket).ifPresent(source -> {
            throw new BucketException(
                    BucketReason.REPLICA_READ_ONLY,
                    "bucket '" + bucket.name() + "' is a replica of " + source + "'s; it is written only from there");
        });
    }

    /** In the object's transaction: queues its key when the bucket's rule covers it. */
    void enqueue(Handle h, Bucket bucket, String key) {
        ReplicationDao dao = new ReplicationDao(h);
        dao.rule(region, bucket)
                .filter(rule -> key.startsWith(rule.prefix()))
                .ifPresent(rule -> dao.enqueue(
                        region,
                        bucket,
                        key,
                        rule.destination(),
                        UUID.randomUUID().toString(),
                        clock.instant()));
    }

    void forget(Handle h, Bucket bucket) {
        new ReplicationDao(h).deleteRule(region, bucket.id());
    }

    /** The destination's side: stores a replica, creating the replica bucket on its first object. */
    public void receive(String sourceRegion, String name, String key, String contentType, byte[] content) {
        BucketNames.requireKey(key);
        store.write(replicaBucket(sourceRegion, name, true).orElseThrow(), key, content, contentType);
    }

    /** The destination's side of a deletion; a replica never received is no error. */
    public void receiveDelete(String sourceRegion, String name, String key) {
        BucketNames.requireKey(key);
        replicaBucket(sourceRegion, name, false).ifPresent(bucket -> store.remove(bucket, key));
    }

    private Optional<Bucket> replicaBucket(String sourceRegion, String name, boolean create) {
        BucketNames.requireName(name);
        Optional<Bucket> found = store.find(name);
        if (found.isEmpty() && create) {
            synchronized (this) {
                found = store.find(name);
                if (found.isEmpty()) {
                    Bucket made = store.create(name, null);
                    db().useTransaction(h ->
                            new ReplicationDao(h).markReplica(region, made.id(), sourceRegion, clock.instant()));
                    found = Optional.of(made);
                }
            }
        }
        if (found.isPresent() && !replicaSource(found.get()).equals(Optional.of(sourceRegion))) {
            throw new BucketException(
                    BucketReason.REPLICA_CONFLICT,
                    "bucket '" + name + "' of this region is not a replica of " + sourceRegion + "'s");
        }
        return found;
    }

    /** Sends what is due; returns how many keys arrived. */
    public int drain() {
        int sent = 0;
        for (ReplicationDao.Pending p : db().read(h -> new ReplicationDao(h).due(region, clock.instant(), BATCH))) {
            try {
                Optional<BucketObject> object = current(p.bucketId(), p.bucket(), p.key());
                targets.ship(
                        p.destination(),
                        p.bucket(),
                        p.key(),
                        object.map(o -> o.summary().contentType()).orElse(null),
                        object.map(BucketObject::content).orElse(null));
                db().useTransaction(h -> new ReplicationDao(h).done(region, p));
                sent++;
            } catch (RuntimeException e) {
                String code = e instanceof BucketException b ? b.code() : "REPLICATION_FAILED";
                // A refusal is retried slowly (each attempt is audited at both ends); a cut link soon after it heals.
                boolean refused = e instanceof BucketException b
                        && b.reason() != BucketReason.REPLICATION_DESTINATION_UNREACHABLE;
                long cap = refused ? REFUSED_RETRY.toMillis() : LAST_RETRY.toMillis();
                long backoff = Math.min(cap, FIRST_RETRY.toMillis() << Math.min(p.attempts(), 10));
                // Never dropped, a refusal included: the destination may be allowed again (a jurisdiction restored),
                // and until then the backlog and its last error are what GET .../replication reports.
                db().useTransaction(h -> new ReplicationDao(h)
                        .retryLater(region, p, clock.instant().plusMillis(backoff), code));
                if (p.attempts() == 0) {
                    LOG.warn(
                            "Replication of a key of bucket {} to {} failed ({}); retrying",
                            p.bucket(),
                            p.destination(),
                            code);
                }
            }
        }
        return sent;
    }

    /**
     * An object as it is now, for the replication sender: empty when it, or the bucket of that id, no longer exists
     * (a bucket re-created under the name is another bucket, whose objects are not this one's).
     */
    private Optional<BucketObject> current(String bucketId, String name, String key) {
        Optional<Bucket> bucket = store.find(name).filter(b -> b.id().equals(bucketId));
        if (bucket.isEmpty()) {
            return Optional.empty();
        }
        return db().read(h -> new BucketDao(h).findObject(region, bucketId, key))
                .map(row -> new BucketObject(
                        name,
                        new ObjectSummary(
                                key, row.size(), row.contentType(), Instant.ofEpochMilli(row.createdAtMillis())),
                        store.decrypt(bucket.get(), row)));
    }

    private void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.warn("Bucket replication pass failed ({})", e.getClass().getSimpleName());
        }
    }

    private dev.warden.storage.Database db() {
        return store.database();
    }

    private static BucketException noRule(String name) {
        return new BucketException(BucketReason.NO_SUCH_REPLICATION, "bucket '" + name + "' has no replication rule");
    }

    @Override
    public synchronized void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
    }
}

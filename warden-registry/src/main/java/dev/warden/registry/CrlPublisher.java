package dev.warden.registry;

import dev.warden.pki.CaSigner;
import dev.warden.pki.CrlBuilder;
import dev.warden.registry.store.CrlStateDao;
import dev.warden.storage.Database;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the region's signed CRL current. Every change bumps a generation; {@link #publishFor(long)} returns once a
 * CRL that includes that generation is published, so concurrent revocations share one rebuild instead of queueing one
 * each.
 */
public final class CrlPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(CrlPublisher.class);

    private final CaSigner issuingCa;
    private final CertificateStatusIndex index;
    private final Database database;
    private final String region;
    private final Clock clock;
    private final Duration refresh;
    private final AtomicLong changes = new AtomicLong();
    private long publishedGeneration = -1;
    private volatile byte[] current;
    private volatile Instant nextUpdate;

    public CrlPublisher(
            CaSigner issuingCa,
            CertificateStatusIndex index,
            Database database,
            String region,
            Clock clock,
            Duration refresh) {
        this.issuingCa = issuingCa;
        this.index = index;
        this.database = database;
        this.region = region;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** Records that the revoked set changed; returns the generation to wait for. */
    public long changed() {
        return changes.incrementAndGet();
    }

    /** Returns once the published CRL covers {@code generation}. */
    public synchronized void publishFor(long generation) {
        if (publishedGeneration >= generation && current != null) {
            return;
        }
        rebuild();
    }

    /** Rebuilds now (also called on the refresh schedule). */
    public synchronized void rebuild() {
        long generation = changes.get();
        Instant now = clock.instant();
        long number = database.inTransaction(h -> new CrlStateDao(h).nextNumber(region, now));
        // nextUpdate leaves room for one missed refresh so relying parties never see an expired CRL.
        Instant next = now.plus(refresh.multipliedBy(2));
        long started = System.nanoTime();
        var revoked = index.revoked();
        current = CrlBuilder.build(issuingCa, revoked, BigInteger.valueOf(number), now, next);
        nextUpdate = next;
        publishedGeneration = generation;
        LOG.info(
                "CRL #{} for {} published: {} revoked, built in {} ms",
                number,
                region,
                revoked.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The current DER-encoded CRL. */
    public byte[] current() {
        byte[] crl = current;
        if (crl == null) {
            synchronized (this) {
                if (current == null) {
                    rebuild();
                }
                return current;
            }
        }
        return crl;
    }

    public Instant nextUpdate() {
        return nextUpdate;
    }
}

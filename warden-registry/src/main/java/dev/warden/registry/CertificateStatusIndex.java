package dev.warden.registry;

import dev.warden.pki.CertStatus;
import dev.warden.pki.CertStatusLookup;
import dev.warden.pki.RevocationReason;
import dev.warden.pki.RevokedEntry;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.CertificateStatus;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The in-memory view of every certificate's status, kept current on every change so that OCSP, the CRL and
 * the gateway never wait for a reload. Listeners hear every change (the gateway uses this to cut live sessions).
 */
public final class CertificateStatusIndex implements CertStatusLookup {

    /** What the index knows of one certificate. */
    public record Entry(
            String serial,
            CertificateStatus status,
            String thingName,
            Instant revokedAt,
            RevocationReason reason,
            String fingerprint,
            CertificateKind kind) {}

    private final Map<BigInteger, Entry> entries = new ConcurrentHashMap<>();
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    public void put(CertificateRecord record) {
        Entry entry = new Entry(
                record.serial(),
                record.status(),
                record.thingName(),
                record.revokedAt(),
                record.revocationReason() == null ? null : RevocationReason.parse(record.revocationReason()),
                record.fingerprint(),
                record.kind());
        entries.put(new BigInteger(record.serial(), 16), entry);
        listeners.forEach(listener -> listener.accept(entry));
    }

    public Entry get(BigInteger serial) {
        return entries.get(serial);
    }

    public void addListener(Consumer<Entry> listener) {
        listeners.add(listener);
    }

    public int size() {
        return entries.size();
    }

    /** OCSP view: unknown serials are "unknown", revoked ones "revoked", everything else issued by us "good". */
    @Override
    public CertStatus statusOf(BigInteger serial) {
        Entry entry = entries.get(serial);
        if (entry == null) {
            return new CertStatus.Unknown();
        }
        if (entry.status() == CertificateStatus.REVOKED) {
            return new CertStatus.Revoked(entry.revokedAt(), entry.reason());
        }
        return new CertStatus.Good();
    }

    /** A snapshot of every revoked certificate, for the CRL. */
    public List<RevokedEntry> revoked() {
        List<RevokedEntry> result = new ArrayList<>();
        entries.forEach((serial, entry) -> {
            if (entry.status() == CertificateStatus.REVOKED) {
                result.add(new RevokedEntry(serial, entry.revokedAt(), entry.reason()));
            }
        });
        return result;
    }
}
